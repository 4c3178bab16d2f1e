import { expect, test, type Page } from './fixtures';
import { hydrated, makePhoto, newAccount, sharePhoto, signUp } from './helpers';

/** What screen readers hear from the page's polite live regions. */
function spoken(page: Page) {
  return page.locator('[aria-live="polite"]');
}

test('a double click on a photo likes it, once, with a heart and an announcement', async ({ page, browser }) => {
  const photo = await makePhoto(browser, 700, 700);
  await signUp(page, newAccount('tapper'));
  await sharePhoto(page, photo, 'Double tap me', 'A photo to double tap');

  await page.goto('/');
  await hydrated(page);
  const card = page.getByRole('article').filter({ hasText: 'Double tap me' });
  const image = card.getByRole('img', { name: 'A photo to double tap' });
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/set_like')),
    image.dblclick(),
  ]);
  await expect(card.getByRole('button', { name: 'Unlike' })).toHaveAttribute('aria-pressed', 'true');
  await expect(card.getByText('1 like', { exact: true })).toBeVisible();
  await expect(spoken(page)).toContainText(['Liked']);

  // A second double click never unlikes.
  await image.dblclick();
  await expect(card.getByRole('button', { name: 'Unlike' })).toBeVisible();
  await expect(card.getByText('1 like', { exact: true })).toBeVisible();

  // The server agrees.
  await page.reload();
  await expect(card.getByRole('button', { name: 'Unlike' })).toHaveAttribute('aria-pressed', 'true');
});

test('"Copy link" puts the post\'s address on the clipboard and says so', async ({ browser }) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const photo = await makePhoto(browser, 600, 800);
  await signUp(page, newAccount('sharer'));
  const path = await sharePhoto(page, photo, 'Worth sharing', 'A photo worth sharing');
  await hydrated(page);

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Link copied to clipboard' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).pathname).toBe(path);
  // The toast goes away by itself.
  await expect(page.getByText('Link copied to clipboard')).toHaveCount(0, { timeout: 8_000 });
  await context.close();
});

test('the delete confirmation is a modal dialog: focus inside, Escape cancels', async ({ page, browser }) => {
  const photo = await makePhoto(browser, 640, 480);
  await signUp(page, newAccount('careful'));
  const path = await sharePhoto(page, photo, 'Not to be deleted', 'A photo kept');
  await hydrated(page);

  await page.getByRole('button', { name: 'Delete post' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete this post?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();
  // Tab cycles inside the dialog.
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('link', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Delete', exact: true })).toBeFocused();

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(page.getByRole('img', { name: 'A photo kept' })).toBeVisible();
});

test('people who ask for less motion get no animation', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/login');
  const duration = await page
    .getByRole('button', { name: 'Log in' })
    .evaluate((button) => getComputedStyle(button).transitionDuration);
  expect(parseFloat(duration)).toBeLessThan(0.001);

  await page.emulateMedia({ reducedMotion: 'no-preference' });
  const normal = await page
    .getByRole('button', { name: 'Log in' })
    .evaluate((button) => getComputedStyle(button).transitionDuration);
  expect(parseFloat(normal)).toBeGreaterThan(0.05);
});
