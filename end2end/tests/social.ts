import { expect, type Browser } from '@playwright/test';
import { makePhoto, newAccount, sharePhoto, signUp, uniqueName, waits } from './helpers';

/**
 * The whole social loop between two people: Ada shares a photo; Bea follows her from
 * her profile, finds the post in her feed, likes it, comments, unlikes, deletes her
 * comment and unfollows. The same steps with JavaScript on and off.
 */
export async function socialLoop(browser: Browser, js: boolean): Promise<void> {
  const photo = await makePhoto(browser, 900, 900);
  const caption = `Morning light ${uniqueName('c')}`;

  const adaContext = await browser.newContext({ javaScriptEnabled: js });
  const ada = await adaContext.newPage();
  const adaAccount = newAccount('ada');
  await signUp(ada, adaAccount, js);
  const postPath = await sharePhoto(ada, photo, caption, 'A square of colour');

  const beaContext = await browser.newContext({ javaScriptEnabled: js });
  const bea = await beaContext.newPage();
  await signUp(bea, newAccount('bea'), js);
  const { ready, answered } = waits(bea, js);

  // Before following, Ada's post is not in Bea's feed; suggestions are.
  await expect(bea.getByRole('article')).toHaveCount(0);
  await expect(bea.getByRole('link', { name: 'Explore' }).first()).toBeVisible();

  // Follow from the profile.
  await bea.goto(`/${adaAccount.username}`);
  await ready();
  await expect(bea.getByText('1 post', { exact: true })).toBeVisible();
  await expect(bea.getByText('0 followers')).toBeVisible();
  await answered(bea.getByRole('button', { name: 'Follow', exact: true }).click());
  await expect(bea.getByRole('button', { name: 'Unfollow' })).toBeVisible();
  await expect(bea.getByText('1 follower', { exact: true })).toBeVisible();
  await expect(bea.getByRole('link', { name: 'A square of colour' })).toHaveAttribute('href', postPath);

  // The post is in the feed.
  await bea.goto('/');
  await ready();
  const card = bea.getByRole('article').filter({ hasText: caption });
  await expect(card).toHaveCount(1);
  await expect(card.getByRole('img', { name: 'A square of colour' })).toBeVisible();
  await expect(card.getByRole('link', { name: /^(now|\d+m)$/ })).toHaveAttribute('href', postPath);

  // Like it.
  await answered(card.getByRole('button', { name: 'Like', exact: true }).click());
  await expect(card.getByRole('button', { name: 'Unlike' })).toHaveAttribute('aria-pressed', 'true');
  await expect(card.getByText('1 like', { exact: true })).toBeVisible();
  await bea.reload();
  await ready();
  await expect(card.getByRole('button', { name: 'Unlike' })).toHaveAttribute('aria-pressed', 'true');
  await expect(card.getByText('1 like', { exact: true })).toBeVisible();

  // "1 like" lists who liked it: in a dialog with JavaScript, on a page without.
  await card.getByRole('link', { name: '1 like', exact: true }).click();
  if (js) {
    const dialog = bea.getByRole('dialog', { name: 'Likes' });
    await expect(dialog.getByRole('listitem')).toHaveCount(1);
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused();
    await bea.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  } else {
    await expect(bea).toHaveURL(new RegExp(`${postPath}/likes$`));
    await expect(bea.getByRole('heading', { name: 'Likes' })).toBeVisible();
    await expect(bea.getByRole('main').getByRole('listitem')).toHaveCount(1);
    await bea.goto('/');
  }

  // Comment on it.
  await card.getByLabel('Add a comment').fill('What a colour!');
  await card.getByRole('button', { name: 'Post' }).click();
  await expect(card.getByText('What a colour!')).toBeVisible();
  if (js) await expect(card.getByLabel('Add a comment')).toHaveValue('');

  // An empty comment is refused with a message.
  await card.getByLabel('Add a comment').fill('   ');
  await card.getByRole('button', { name: 'Post' }).click();
  await expect(card.getByRole('alert')).toContainText('Write something first.');

  // Unlike.
  // (The comment has a heart of its own: the post's comes first.)
  await answered(card.getByRole('button', { name: 'Unlike' }).click());
  await expect(card.getByRole('button', { name: 'Like', exact: true }).first()).toHaveAttribute('aria-pressed', 'false');
  await expect(card.getByText('0 likes', { exact: true })).toBeVisible();

  // Ada sees the comment on her post's page; Bea deletes it there.
  await ada.goto(postPath);
  await expect(ada.getByRole('article').getByText('What a colour!')).toBeVisible();
  await bea.goto(postPath);
  await ready();
  await bea.getByRole('button', { name: 'Delete comment' }).click();
  await expect(bea.getByText('What a colour!')).toHaveCount(0);

  // Unfollow from the followers list... of Ada's followers, Bea's own row has no button;
  // unfollow from the following list instead.
  await bea.goto(`/${adaAccount.username}/followers`);
  await ready();
  await expect(bea.getByRole('heading', { name: 'Followers' })).toBeVisible();
  await expect(bea.getByRole('button', { name: /Follow|Unfollow/ })).toHaveCount(0);
  await bea.goto(`/${adaAccount.username}`);
  await ready();
  await answered(bea.getByRole('button', { name: 'Unfollow' }).click());
  await expect(bea.getByRole('button', { name: 'Follow', exact: true })).toBeVisible();
  await expect(bea.getByText('0 followers')).toBeVisible();
  await bea.goto('/');
  await expect(bea.getByRole('article').filter({ hasText: caption })).toHaveCount(0);

  await adaContext.close();
  await beaContext.close();
}
