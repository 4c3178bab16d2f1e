import { expect, type Browser } from '@playwright/test';
import { makePhoto, newAccount, sharePhoto, signUp, waits } from './helpers';

/**
 * Saving a post: Ada shares a photo; Bea saves it from its page, finds it under
 * "Saved" on her own profile, and removes it again. Ada sees no "Saved" tab on Bea's
 * profile, and Bea's saved page is not found for her.
 */
export async function savingLoop(browser: Browser, js: boolean): Promise<void> {
  const photo = await makePhoto(browser, 800, 800);
  const adaContext = await browser.newContext({ javaScriptEnabled: js });
  const ada = await adaContext.newPage();
  await signUp(ada, newAccount('ada'), js);
  const postPath = await sharePhoto(ada, photo, 'Keep this one', 'A saved square');

  const beaContext = await browser.newContext({ javaScriptEnabled: js });
  const bea = await beaContext.newPage();
  const beaAccount = newAccount('bea');
  await signUp(bea, beaAccount, js);
  const { ready, answered } = waits(bea, js);

  await bea.goto(postPath);
  await ready();
  const article = bea.getByRole('article');
  const save = article.getByRole('button', { name: 'Save', exact: true });
  await expect(save).toHaveAttribute('aria-pressed', 'false');
  await answered(save.click());
  const saved = article.getByRole('button', { name: 'Remove from saved' });
  await expect(saved).toHaveAttribute('aria-pressed', 'true');

  // Under "Saved" on my own profile.
  await bea.goto(`/${beaAccount.username}`);
  await ready();
  await bea.getByRole('link', { name: 'Saved' }).click();
  await expect(bea).toHaveURL(new RegExp(`/${beaAccount.username}/saved$`));
  await expect(bea.getByRole('link', { name: 'A saved square' })).toHaveAttribute('href', postPath);

  // Nobody else sees it.
  await ada.goto(`/${beaAccount.username}`);
  await expect(ada.getByRole('button', { name: 'Follow', exact: true })).toBeVisible();
  await expect(ada.getByRole('link', { name: 'Saved' })).toHaveCount(0);
  const elsewhere = await ada.goto(`/${beaAccount.username}/saved`);
  expect(elsewhere?.status()).toBe(404);

  // Removing it empties the tab.
  await bea.goto(postPath);
  await ready();
  await answered(article.getByRole('button', { name: 'Remove from saved' }).click());
  await expect(article.getByRole('button', { name: 'Save', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await bea.goto(`/${beaAccount.username}/saved`);
  await expect(bea.getByText('Only you can see what you\'ve saved.')).toBeVisible();
  await expect(bea.getByRole('link', { name: 'A saved square' })).toHaveCount(0);

  await adaContext.close();
  await beaContext.close();
}
