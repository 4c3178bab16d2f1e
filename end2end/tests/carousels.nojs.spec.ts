import { expect, test } from './fixtures';
import { makePhoto, newAccount, signUp } from './helpers';

test('without JavaScript several photos are shared at once and stack on the post page', async ({ page, browser }) => {
  const [first, second] = await Promise.all([makePhoto(browser, 800, 600), makePhoto(browser, 600, 800)]);
  await signUp(page, newAccount('stacker'), false);
  await page.goto('/new');
  await page.getByLabel('Image').setInputFiles([
    { name: 'one.jpg', mimeType: 'image/jpeg', buffer: first },
    { name: 'two.jpg', mimeType: 'image/jpeg', buffer: second },
  ]);
  await page.getByLabel('Caption').fill('Two without scripts');
  await page.getByLabel('Alt text').fill('The first of two');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page).toHaveURL(/\/p\/\d+$/);

  const article = page.getByRole('article');
  const one = article.getByRole('img', { name: 'The first of two' });
  const two = article.getByRole('img', { name: /^Photo 2 of 2 by / });
  await expect(one).toBeVisible();
  await expect(two).toBeVisible();
  // Stacked: the second below the first, as wide; the buttons that need scripts are not shown.
  const [a, b] = [await one.boundingBox(), await two.boundingBox()];
  expect(b!.y).toBeGreaterThanOrEqual(a!.y + a!.height - 1);
  expect(Math.abs(b!.x - a!.x)).toBeLessThan(2);
  await expect(article.getByRole('button', { name: 'Next photo' })).toBeHidden();
});
