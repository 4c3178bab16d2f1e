import { expect, test } from './fixtures';
import { makePhoto, newAccount, sharePhoto, signUp } from './helpers';

test('without JavaScript: share, edit the caption, delete', async ({ page, browser }) => {
  const photo = await makePhoto(browser, 800, 1000);
  await signUp(page, newAccount('plain'), false);
  const path = await sharePhoto(page, photo, 'No scripts #plain', 'A tall gradient');
  const article = page.getByRole('article');
  await expect(article.getByRole('img', { name: 'A tall gradient' })).toBeVisible();

  await article.getByRole('button', { name: 'Edit caption' }).click();
  await page.getByLabel('Caption').fill('Edited without scripts');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  await expect(article.getByText('Edited without scripts')).toBeVisible();

  await article.getByRole('button', { name: 'Edit alt text' }).click();
  await expect(page.getByLabel('Alt text')).toHaveValue('A tall gradient');
  await page.getByLabel('Alt text').fill('A sky at dusk');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(article.getByRole('img', { name: 'A sky at dusk' })).toBeVisible();

  await article.getByRole('button', { name: 'Delete post' }).click();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  const gone = await page.goto(path);
  expect(gone?.status()).toBe(404);
});
