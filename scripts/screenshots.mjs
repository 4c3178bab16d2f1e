// Drives the system Chromium through the seeded app (see scripts/screenshots).
import { chromium } from '../end2end/node_modules/playwright-core/index.mjs';

const [base, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const screens = [
  { name: 'phone', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 },
  { name: 'desktop', viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 },
];
for (const theme of ['light', 'dark']) {
  for (const screen of screens) {
    const context = await browser.newContext({ viewport: screen.viewport, deviceScaleFactor: screen.deviceScaleFactor });
    await context.addCookies([{ name: 'theme', value: theme, url: base }]);
    const page = await context.newPage();
    const shoot = async (name) => {
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(400);
      await page.screenshot({ path: `${out}/${name}-${screen.name}-${theme}.png` });
    };
    await page.goto(`${base}/login`);
    await shoot('login');
    await page.goto(`${base}/password/forgot`);
    await shoot('forgot-password');
    await page.goto(`${base}/login`);
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await page.waitForURL(`${base}/`);
    await shoot('feed');
    const post = await page.locator('article a[href^="/p/"]').first().getAttribute('href');
    await page.goto(base + post);
    await shoot('post');
    const author = await page.locator('article header a').first().getAttribute('href');
    await page.goto(`${base}/report?post=${post.split('/').pop()}`);
    await shoot('report');
    // A post whose first thread has replies, opened.
    await page.goto(`${base}/`);
    const feedPosts = await page.locator('article a[href^="/p/"]').evaluateAll((links) => [...new Set(links.map((a) => a.getAttribute('href').split('#')[0]))]);
    for (const path of feedPosts) {
      await page.goto(base + path);
      const view = page.getByRole('button', { name: /^View \d+ repl/ }).first();
      if (await view.count()) {
        await view.click();
        await page.getByRole('button', { name: 'Hide replies' }).first().waitFor();
        await shoot('thread');
        break;
      }
    }
    // A post of several photos, turned to its second.
    for (const path of feedPosts) {
      await page.goto(base + path);
      const next = page.getByRole('button', { name: 'Next photo' });
      if (await next.count()) {
        await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
        await next.click();
        await page.getByText(/^Photo 2 of \d+$/).waitFor();
        await shoot('carousel');
        break;
      }
    }
    // The new-post form with three photos chosen, the first described.
    await page.goto(`${base}/new`);
    await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
    const photos = await page.evaluate(() =>
      [[900, 600, '#f59e0b'], [600, 900, '#0ea5e9'], [700, 700, '#ec4899']].map(([w, h, colour]) => {
        const canvas = document.createElement('canvas');
        canvas.width = w;
        canvas.height = h;
        const g = canvas.getContext('2d');
        const gradient = g.createLinearGradient(0, 0, w, h);
        gradient.addColorStop(0, colour);
        gradient.addColorStop(1, '#312e81');
        g.fillStyle = gradient;
        g.fillRect(0, 0, w, h);
        return canvas.toDataURL('image/jpeg', 0.8).split(',')[1];
      }),
    );
    await page.getByLabel('Image').setInputFiles(
      photos.map((data, i) => ({ name: `photo-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: Buffer.from(data, 'base64') })),
    );
    await page.getByLabel('Alt text').fill('An orange sky over the harbour');
    await page.getByLabel('Caption').fill('Three evenings #sunset');
    await shoot('new-post');
    await page.goto(`${base}/demo/saved`);
    await shoot('saved');
    await page.goto(base + author);
    await shoot('profile');
    // The same profile with "More options" open, as a visitor of it sees the menu.
    await page.goto(`${base}${author}?options=profile`);
    await shoot('profile-options');
    await page.goto(`${base}/explore`);
    await shoot('explore');
    await page.goto(`${base}/search?q=ana`);
    await shoot('search');
    await page.goto(`${base}/notifications`);
    await shoot('notifications');
    await context.close();

    // Someone who just signed up: the banner asking to confirm the email.
    const fresh = await browser.newContext({ viewport: screen.viewport, deviceScaleFactor: screen.deviceScaleFactor });
    await fresh.addCookies([{ name: 'theme', value: theme, url: base }]);
    const newcomer = await fresh.newPage();
    const name = `new_${Date.now().toString(36)}`;
    await newcomer.goto(`${base}/signup`);
    await newcomer.getByLabel('Email').fill(`${name}@example.com`);
    await newcomer.getByLabel('Full name').fill('New Person');
    await newcomer.getByLabel('Username').fill(name);
    await newcomer.getByLabel('Password').fill('a long enough secret');
    await newcomer.getByRole('button', { name: 'Sign up' }).click();
    await newcomer.waitForURL(`${base}/`);
    await newcomer.waitForLoadState('networkidle');
    await newcomer.waitForTimeout(400);
    await newcomer.screenshot({ path: `${out}/confirm-email-banner-${screen.name}-${theme}.png` });
    await newcomer.goto(`${base}/settings/two-step`);
    await newcomer.getByRole('button', { name: 'Set up two-step login' }).click();
    await newcomer.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await newcomer.waitForTimeout(400);
    await newcomer.screenshot({ path: `${out}/two-step-${screen.name}-${theme}.png` });
    await fresh.close();
  }
}
await browser.close();
