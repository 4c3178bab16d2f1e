import { defineConfig } from '@playwright/test';

const chromiumLaunch = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

const NOJS = /.*\.nojs\.spec\.ts/;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: NOJS,
      use: { browserName: 'chromium', launchOptions: chromiumLaunch },
    },
    {
      name: 'chromium-nojs',
      testMatch: NOJS,
      use: { browserName: 'chromium', javaScriptEnabled: false, launchOptions: chromiumLaunch },
    },
  ],
});
