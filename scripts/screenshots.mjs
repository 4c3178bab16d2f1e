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
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await page.waitForURL(`${base}/`);
    await shoot('feed');
    const post = await page.locator('article a[href^="/p/"]').first().getAttribute('href');
    await page.goto(base + post);
    await shoot('post');
    const author = await page.locator('article header a').first().getAttribute('href');
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
    await page.goto(`${base}/demo/saved`);
    await shoot('saved');
    await page.goto(base + author);
    await shoot('profile');
    await page.goto(`${base}/explore`);
    await shoot('explore');
    await page.goto(`${base}/search?q=ana`);
    await shoot('search');
    await page.goto(`${base}/notifications`);
    await shoot('notifications');
    await context.close();
  }
}
await browser.close();
