import { expect, type Browser } from '@playwright/test';
import { makePhoto, newAccount, sharePhoto, signUp, waits } from './helpers';

/**
 * A private account: Ada ticks "Private account" and shares a photo. Bea sees only the
 * header and "This account is private"; her "Follow" becomes "Requested". Ada confirms
 * the request in her notifications, and Bea sees the photo.
 */
export async function privateAccountLoop(browser: Browser, js: boolean): Promise<void> {
  const photo = await makePhoto(browser, 700, 700);
  const adaContext = await browser.newContext({ javaScriptEnabled: js });
  const ada = await adaContext.newPage();
  const adaAccount = newAccount('ada');
  await signUp(ada, adaAccount, js);
  const { ready, answered } = waits(ada, js);
  await ada.goto('/settings/privacy');
  await ready();
  const checkbox = ada.getByLabel('Private account');
  await expect(checkbox).not.toBeChecked();
  if (js) {
    await answered(checkbox.check());
  } else {
    await checkbox.check();
    await ada.getByRole('button', { name: 'Save' }).click();
  }
  await ada.reload();
  await expect(ada.getByLabel('Private account')).toBeChecked();
  const postPath = await sharePhoto(ada, photo, 'Only for friends', 'A private square');

  const beaContext = await browser.newContext({ javaScriptEnabled: js });
  const bea = await beaContext.newPage();
  await signUp(bea, newAccount('bea'), js);
  const beaWaits = waits(bea, js);
  await bea.goto(`/${adaAccount.username}`);
  await beaWaits.ready();
  await expect(bea.getByText('This account is private')).toBeVisible();
  await expect(bea.getByRole('link', { name: 'A private square' })).toHaveCount(0);
  const hidden = await bea.goto(postPath);
  expect(hidden?.status()).toBe(404);
  await bea.goto(`/${adaAccount.username}`);
  await beaWaits.ready();
  await beaWaits.answered(bea.getByRole('button', { name: 'Follow', exact: true }).click());
  await expect(bea.getByRole('button', { name: 'Requested' })).toBeVisible();
  await bea.reload();
  await expect(bea.getByRole('button', { name: 'Requested' })).toBeVisible();

  await ada.goto('/notifications');
  await ready();
  const request = ada.getByRole('listitem').filter({ hasText: 'requested to follow you' });
  await expect(request).toBeVisible();
  await answered(request.getByRole('button', { name: 'Confirm' }).click());
  if (js) await expect(request.getByText('Confirmed')).toBeVisible();

  await bea.goto(`/${adaAccount.username}`);
  await expect(bea.getByRole('link', { name: 'A private square' })).toBeVisible();
  await expect(bea.getByRole('button', { name: 'Unfollow' })).toBeVisible();
  const shown = await bea.goto(postPath);
  expect(shown?.status()).toBe(200);
  await adaContext.close();
  await beaContext.close();
}
