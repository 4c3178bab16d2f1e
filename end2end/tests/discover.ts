import { expect, type Browser } from '@playwright/test';
import { hydrated, makePhoto, newAccount, sharePhoto, signUp } from './helpers';

/**
 * Bea finds Ada by searching her name and Ada's photo through its hashtag; Bea follows
 * and likes; Ada sees the unread count and opens her notifications.
 */
export async function discoverLoop(browser: Browser, js: boolean): Promise<void> {
  const photo = await makePhoto(browser, 700, 700);
  const tag = `tag${Date.now().toString(36)}`;

  const adaContext = await browser.newContext({ javaScriptEnabled: js });
  const ada = await adaContext.newPage();
  const adaAccount = newAccount('ada');
  await signUp(ada, adaAccount, js);
  const postPath = await sharePhoto(ada, photo, `Found by #${tag}`, 'A tagged photo');

  const beaContext = await browser.newContext({ javaScriptEnabled: js });
  const bea = await beaContext.newPage();
  await signUp(bea, newAccount('bea'), js);

  const search = async (text: string) => {
    await bea.getByRole('link', { name: 'Search' }).first().click();
    await expect(bea).toHaveURL(/\/search/);
    if (js) await hydrated(bea);
    await bea.getByLabel('Search').fill(text);
    // With JavaScript the results follow the typing; without, the form is sent.
    if (!js) await bea.getByRole('button', { name: 'Search' }).click();
  };

  await search(adaAccount.username);
  const person = bea.getByRole('link', { name: adaAccount.username, exact: true });
  await expect(person).toBeVisible();
  await person.click();
  await expect(bea).toHaveURL(new RegExp(`/${adaAccount.username}$`));
  if (js) await hydrated(bea);
  const following = js
    ? bea.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/set_follow'))
    : Promise.resolve();
  await bea.getByRole('button', { name: 'Follow', exact: true }).click();
  await following;
  await expect(bea.getByRole('button', { name: 'Unfollow' })).toBeVisible();

  await search(`#${tag}`);
  await bea.getByRole('link', { name: new RegExp(`#${tag}`) }).click();
  await expect(bea.getByRole('heading', { name: `#${tag}` })).toBeVisible();
  await expect(bea.getByText('1 post', { exact: true })).toBeVisible();
  await bea.getByRole('link', { name: 'A tagged photo' }).click();
  await expect(bea).toHaveURL(new RegExp(`${postPath}$`));
  if (js) await hydrated(bea);
  const liking = js
    ? bea.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/set_like'))
    : Promise.resolve();
  await bea.getByRole('article').getByRole('button', { name: 'Like', exact: true }).click();
  await liking;
  await expect(bea.getByRole('article').getByText('1 like', { exact: true })).toBeVisible();

  // Ada: two unread, then the page that tells what happened.
  await ada.goto('/');
  const notifications = ada.getByRole('link', { name: /Notifications/ }).first();
  await expect(notifications).toContainText('2 unread');
  await notifications.click();
  await expect(ada).toHaveURL(/\/notifications$/);
  await expect(ada.getByText('started following you.')).toBeVisible();
  await expect(ada.getByText('liked your post.')).toBeVisible();
  await expect(ada.getByRole('button', { name: 'Follow back' })).toBeVisible();
  await ada.goto('/');
  await expect(ada.getByRole('link', { name: /Notifications/ }).first()).not.toContainText('unread');

  // New activity shows on the heart after a client-side navigation, without a reload.
  await bea.getByLabel('Add a comment').fill('Lovely light');
  await bea.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(bea.getByText('Lovely light')).toBeVisible();
  if (js) await hydrated(ada);
  await ada.getByRole('link', { name: 'Explore' }).first().click();
  await expect(ada).toHaveURL(/\/explore$/);
  await expect(ada.getByRole('link', { name: /Notifications/ }).first()).toContainText('1 unread');

  await adaContext.close();
  await beaContext.close();
}
