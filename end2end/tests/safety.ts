import { expect, type Browser } from '@playwright/test';
import { makePhoto, newAccount, sharePhoto, signUp, waits } from './helpers';

/**
 * Blocking: Bea follows Ada and shares a photo. Ada blocks Bea from "More options" on
 * her profile: Bea's posts are gone from Ada's view, Bea finds no Ada (404), and the
 * follow has ended. Ada unblocks her from Settings.
 */
export async function blockingLoop(browser: Browser, js: boolean): Promise<void> {
  const photo = await makePhoto(browser, 640, 640);
  const adaContext = await browser.newContext({ javaScriptEnabled: js });
  const ada = await adaContext.newPage();
  const adaAccount = newAccount('ada');
  await signUp(ada, adaAccount, js);
  const beaContext = await browser.newContext({ javaScriptEnabled: js });
  const bea = await beaContext.newPage();
  const beaAccount = newAccount('bea');
  await signUp(bea, beaAccount, js);
  const beaPost = await sharePhoto(bea, photo, 'Bea was here', 'A square by Bea');
  const beaWaits = waits(bea, js);
  await bea.goto(`/${adaAccount.username}`);
  await beaWaits.ready();
  await beaWaits.answered(bea.getByRole('button', { name: 'Follow', exact: true }).click());
  await expect(bea.getByRole('button', { name: 'Unfollow' })).toBeVisible();

  const { ready } = waits(ada, js);
  await ada.goto(`/${beaAccount.username}`);
  await ready();
  await expect(ada.getByRole('link', { name: 'A square by Bea' })).toBeVisible();
  await ada.getByRole('button', { name: 'More options' }).click();
  await ada.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(ada.getByText('You blocked this account')).toBeVisible();
  await expect(ada.getByRole('link', { name: 'A square by Bea' })).toHaveCount(0);
  await expect(ada.getByText('0 followers')).toBeVisible();

  // Bea: no Ada anywhere, and her follow has ended.
  const gone = await bea.goto(`/${adaAccount.username}`);
  expect(gone?.status()).toBe(404);
  await bea.goto(`/${beaAccount.username}`);
  await expect(bea.getByText('0 following')).toBeVisible();
  const hidden = await ada.goto(beaPost);
  expect(hidden?.status()).toBe(404);

  // Settings lists Bea with "Unblock"; afterwards the list is empty and her post is back.
  await ada.goto('/settings/privacy');
  await ready();
  const blocked = ada.getByRole('region', { name: 'Blocked accounts' });
  await expect(blocked.getByRole('link', { name: beaAccount.username })).toBeVisible();
  await blocked.getByRole('button', { name: 'Unblock' }).click();
  await expect(blocked.getByText("You haven't blocked anyone.")).toBeVisible();
  const back = await ada.goto(beaPost);
  expect(back?.status()).toBe(200);
  await adaContext.close();
  await beaContext.close();
}

/**
 * Muting and removing a follower: Ada follows Bea and sees her post in the feed; muted,
 * it leaves the feed and comes back when unmuted. Bea follows Ada; Ada removes her from
 * her followers list.
 */
export async function muteAndRemoveLoop(browser: Browser, js: boolean): Promise<void> {
  const photo = await makePhoto(browser, 600, 600);
  const adaContext = await browser.newContext({ javaScriptEnabled: js });
  const ada = await adaContext.newPage();
  const adaAccount = newAccount('ada');
  await signUp(ada, adaAccount, js);
  const beaContext = await browser.newContext({ javaScriptEnabled: js });
  const bea = await beaContext.newPage();
  const beaAccount = newAccount('bea');
  await signUp(bea, beaAccount, js);
  await sharePhoto(bea, photo, 'Loud and proud', 'A photo to mute');
  const beaWaits = waits(bea, js);
  await bea.goto(`/${adaAccount.username}`);
  await beaWaits.ready();
  await beaWaits.answered(bea.getByRole('button', { name: 'Follow', exact: true }).click());
  await expect(bea.getByRole('button', { name: 'Unfollow' })).toBeVisible();

  const { ready, answered } = waits(ada, js);
  await ada.goto(`/${beaAccount.username}`);
  await ready();
  await answered(ada.getByRole('button', { name: /^Follow/ }).click());
  await expect(ada.getByRole('button', { name: 'Unfollow' })).toBeVisible();
  await ada.goto('/');
  await expect(ada.getByRole('img', { name: 'A photo to mute' })).toBeVisible();

  await ada.goto(`/${beaAccount.username}`);
  await ready();
  await ada.getByRole('button', { name: 'More options' }).click();
  // The menu closes when the answer comes: opening it again before would toggle it shut.
  await answered(ada.getByRole('button', { name: 'Mute', exact: true }).click());
  await ada.getByRole('button', { name: 'More options' }).click();
  await expect(ada.getByRole('button', { name: 'Unmute' })).toBeVisible();
  await ada.goto('/');
  await expect(ada.getByRole('img', { name: 'A photo to mute' })).toHaveCount(0);
  await ada.goto('/settings/privacy');
  await ready();
  const muted = ada.getByRole('region', { name: 'Muted accounts' });
  await muted.getByRole('button', { name: 'Unmute' }).click();
  await expect(muted.getByText("You haven't muted anyone.")).toBeVisible();
  await ada.goto('/');
  await expect(ada.getByRole('img', { name: 'A photo to mute' })).toBeVisible();

  await ada.goto(`/${adaAccount.username}/followers`);
  await ready();
  const row = ada.getByRole('listitem').filter({ hasText: beaAccount.username });
  await row.getByRole('button', { name: 'Remove follower' }).click();
  await expect(ada.getByRole('link', { name: beaAccount.username })).toHaveCount(0);
  await ada.goto(`/${adaAccount.username}`);
  await expect(ada.getByText('0 followers')).toBeVisible();
  await adaContext.close();
  await beaContext.close();
}

/**
 * Reporting and blocking from a post: Ada reports Bea's post from "More options" with a
 * reason, is thanked, and is told it is already reported when she tries again; then
 * she blocks Bea from the same menu and lands on Bea's profile, blocked.
 */
export async function reportLoop(browser: Browser, js: boolean): Promise<void> {
  const photo = await makePhoto(browser, 500, 500);
  const beaContext = await browser.newContext({ javaScriptEnabled: js });
  const bea = await beaContext.newPage();
  const beaAccount = newAccount('bea');
  await signUp(bea, beaAccount, js);
  const postPath = await sharePhoto(bea, photo, 'Buy cheap followers', 'An advert');

  const adaContext = await browser.newContext({ javaScriptEnabled: js });
  const ada = await adaContext.newPage();
  await signUp(ada, newAccount('ada'), js);
  const { ready } = waits(ada, js);
  for (const attempt of [1, 2]) {
    await ada.goto(postPath);
    await ready();
    await ada.getByRole('article').getByRole('button', { name: 'More options' }).click();
    await ada.getByRole('link', { name: 'Report' }).click();
    await expect(ada.getByRole('heading', { name: 'Report this post' })).toBeVisible();
    await ready();
    await ada.getByRole('group', { name: 'Reason' }).getByRole('radio', { name: 'Spam' }).check();
    await ada.getByRole('button', { name: 'Submit report' }).click();
    if (attempt === 1) {
      await expect(ada.getByText('Thanks for letting us know')).toBeVisible();
    } else {
      await expect(ada.getByRole('alert')).toContainText("You've already reported this.");
    }
  }

  await ada.goto(postPath);
  await ready();
  await ada.getByRole('article').getByRole('button', { name: 'More options' }).click();
  await ada.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(ada).toHaveURL(new RegExp(`/${beaAccount.username}$`));
  await expect(ada.getByText('You blocked this account')).toBeVisible();
  await adaContext.close();
  await beaContext.close();
}
