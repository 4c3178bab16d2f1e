import { expect, type Browser, type Page } from '@playwright/test';

let counter = 0;

/** A username nobody has taken yet in this run (3–30 word characters). */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${counter}`.slice(0, 30);
}

/** Resolves once the wasm has hydrated the page (the app marks <body> then). */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

/**
 * The page's ways to wait, with JavaScript on or off: `ready` for hydration, and
 * `answered` around a click on something that switches at once (a like, a follow, a
 * save) and reaches the server just after, so that leaving the page does not cancel the
 * request. Without JavaScript the click is a form post and its page load is the answer.
 */
export function waits(page: Page, js: boolean) {
  return {
    ready: async () => {
      if (js) await hydrated(page);
    },
    answered: async (click: Promise<void>) => {
      if (!js) return click;
      await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/')),
        click,
      ]);
    },
  };
}

export interface Account {
  username: string;
  email: string;
  fullName: string;
  password: string;
}

export function newAccount(prefix = 'user'): Account {
  const username = uniqueName(prefix);
  return {
    username,
    email: `${username}@example.com`,
    fullName: `Test ${username}`,
    password: 'correct horse battery',
  };
}

/** Signs up through the form; works with and without JavaScript. */
export async function signUp(page: Page, account: Account, js = true): Promise<void> {
  await page.goto('/signup');
  if (js) await hydrated(page);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Full name').fill(account.fullName);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
}

export async function logIn(page: Page, login: string, password: string, js = true): Promise<void> {
  await page.goto('/login');
  if (js) await hydrated(page);
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** "Download your data" in Settings answers the account's zip (a plain GET form). */
export async function downloadData(page: Page, account: Account): Promise<void> {
  await page.goto('/settings');
  await page.getByRole('link', { name: 'Download your data' }).click();
  await expect(page).toHaveURL(/\/settings\/data$/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download your data' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`isntgram-${account.username}.zip`);
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
}

/** A JPEG photo drawn by Chromium (a gradient with circles), `width`×`height`. */
export async function makePhoto(browser: Browser, width = 1200, height = 900): Promise<Buffer> {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  const dataUrl: string = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      const g = canvas.getContext('2d')!;
      const gradient = g.createLinearGradient(0, 0, w, h);
      gradient.addColorStop(0, '#f59e0b');
      gradient.addColorStop(0.5, '#ec4899');
      gradient.addColorStop(1, '#6366f1');
      g.fillStyle = gradient;
      g.fillRect(0, 0, w, h);
      for (let i = 0; i < 12; i++) {
        g.fillStyle = `hsla(${i * 30}, 80%, 70%, 0.5)`;
        g.beginPath();
        g.arc((i * 97) % w, (i * 53) % h, 40 + i * 6, 0, Math.PI * 2);
        g.fill();
      }
      return canvas.toDataURL('image/jpeg', 0.9);
    },
    [width, height],
  );
  await context.close();
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

/** Shares a photo through /new and waits for its page. Returns the post's path. */
export async function sharePhoto(page: Page, photo: Buffer, caption: string, alt: string): Promise<string> {
  await page.goto('/new');
  await page.getByLabel('Image').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
  await page.getByLabel('Caption').fill(caption);
  await page.getByLabel('Alt text').fill(alt);
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page).toHaveURL(/\/p\/\d+$/);
  return new URL(page.url()).pathname;
}
