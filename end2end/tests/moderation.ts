import { execFileSync } from 'node:child_process';
import { expect, type Browser } from '@playwright/test';
import { makePhoto, newAccount, sharePhoto, signUp, waits } from './helpers';

/** `isntgram admin grant USERNAME`, against the app's own database. */
export function grantModerator(username: string): void {
  const binary = process.env.ISNTGRAM_BIN;
  if (!binary) throw new Error('ISNTGRAM_BIN names the app binary (scripts/e2e sets it)');
  execFileSync(binary, ['admin', 'grant', username], { env: { ...process.env, RUST_LOG: 'warn' } });
}

/**
 * Bea reports Ada's post; a moderator hides it from /admin/reports. Bea is told the
 * outcome, Ada that her post is hidden; Bea can no longer open the post, Ada can; the
 * moderation log has the line.
 */
export async function moderationLoop(browser: Browser, js: boolean): Promise<void> {
  const photo = await makePhoto(browser, 480, 480);
  const open = async (prefix: string) => {
    const context = await browser.newContext({ javaScriptEnabled: js });
    const page = await context.newPage();
    const account = newAccount(prefix);
    await signUp(page, account, js);
    return { context, page, account };
  };
  const ada = await open('ada');
  const postPath = await sharePhoto(ada.page, photo, 'Totally legit offer', 'An offer');
  const bea = await open('bea');
  const postId = postPath.split('/').pop();
  await bea.page.goto(`/report?post=${postId}`);
  await waits(bea.page, js).ready();
  await bea.page.getByRole('group', { name: 'Reason' }).getByRole('radio', { name: 'Spam' }).check();
  await bea.page.getByRole('button', { name: 'Submit report' }).click();
  await expect(bea.page.getByText('Thanks for letting us know')).toBeVisible();

  const moderator = await open('mod');
  const notFound = await moderator.page.goto('/admin/reports');
  expect(notFound?.status()).toBe(404);
  grantModerator(moderator.account.username);
  await moderator.page.goto('/admin/reports');
  await waits(moderator.page, js).ready();
  const report = moderator.page.getByRole('article').filter({ hasText: `Post by @${ada.account.username}` });
  await expect(report).toContainText('Totally legit offer');
  await expect(report).toContainText('1 report · spam');
  await report.getByRole('button', { name: 'Hide content' }).click();
  // Handled: gone from the queue (which other tests' reports may share).
  await expect(report).toHaveCount(0);
  await moderator.page.getByRole('link', { name: 'Moderation log' }).click();
  await expect(moderator.page.getByText(`@${moderator.account.username} — hide post ${postId}`)).toBeVisible();

  const hidden = await bea.page.goto(postPath);
  expect(hidden?.status()).toBe(404);
  await bea.page.goto('/notifications');
  await expect(bea.page.getByText('Our moderators reviewed the post you reported: it is hidden now.')).toBeVisible();
  const own = await ada.page.goto(postPath);
  expect(own?.status()).toBe(200);
  await ada.page.goto('/notifications');
  await expect(ada.page.getByText('Our moderators hid your post')).toBeVisible();
  for (const person of [ada, bea, moderator]) await person.context.close();
}
