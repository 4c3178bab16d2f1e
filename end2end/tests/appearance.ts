import { expect, type Browser } from '@playwright/test';
import { hydrated, newAccount, signUp } from './helpers';

/** Choosing a theme in Settings switches the page and is remembered on the next load. */
export async function appearance(browser: Browser, js: boolean): Promise<void> {
  const context = await browser.newContext({ javaScriptEnabled: js, colorScheme: 'light' });
  const page = await context.newPage();
  await signUp(page, newAccount('theme'), js);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'system');

  await page.goto('/settings');
  if (js) await hydrated(page);
  await page.getByRole('radio', { name: 'Dark' }).check();
  await page.getByRole('button', { name: 'Save appearance' }).click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).not.toBe('rgb(250, 250, 250)');

  await page.goto('/');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.goto('/settings');
  if (js) await hydrated(page);
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await page.getByRole('radio', { name: 'Same as this device' }).check();
  await page.getByRole('button', { name: 'Save appearance' }).click();
  await expect(html).toHaveAttribute('data-theme', 'system');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'system');
  await context.close();
}
