import { expect, test } from './fixtures';
import { hydrated } from './helpers';

test('the page hydrates: the password visibility toggle reacts to a click', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  const password = page.getByLabel('Password', { exact: true });
  await expect(password).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(page.getByRole('button', { name: 'Hide' })).toHaveAttribute('aria-pressed', 'true');
});

test('an unknown page answers 404 with a real page', async ({ page }) => {
  const response = await page.goto('/this/page/does/not/exist');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: "Sorry, this page isn't available." })).toBeVisible();
  await page.getByRole('link', { name: 'Go back to Isntgram' }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
});

test('health check', async ({ request }) => {
  const response = await request.get('/healthz');
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
});
