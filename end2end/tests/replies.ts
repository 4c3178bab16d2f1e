import { expect, type Browser } from '@playwright/test';
import { hydrated, makePhoto, newAccount, sharePhoto, signUp } from './helpers';

/**
 * A conversation: Bea comments on Ada's post; Ada answers with "Reply" (the field
 * starts with "@bea "); the answer joins Bea's thread, which closes behind "View 1
 * reply" and opens again. Bea's notification leads to the reply itself.
 */
export async function replyLoop(browser: Browser, js: boolean): Promise<void> {
  const photo = await makePhoto(browser, 700, 700);
  const adaContext = await browser.newContext({ javaScriptEnabled: js });
  const ada = await adaContext.newPage();
  await signUp(ada, newAccount('ada'), js);
  const postPath = await sharePhoto(ada, photo, 'Talk to me', 'A square to talk about');

  const beaContext = await browser.newContext({ javaScriptEnabled: js });
  const bea = await beaContext.newPage();
  const beaAccount = newAccount('bea');
  await signUp(bea, beaAccount, js);
  await bea.goto(postPath);
  if (js) await hydrated(bea);
  await bea.getByLabel('Add a comment').fill('Where is this?');
  await bea.getByRole('button', { name: 'Post' }).click();
  await expect(bea.getByText('Where is this?')).toBeVisible();

  await ada.goto(postPath);
  if (js) await hydrated(ada);
  const comment = ada.getByRole('listitem').filter({ hasText: 'Where is this?' });
  await comment.getByRole('button', { name: 'Reply' }).click();
  const field = ada.getByLabel('Add a comment');
  await expect(field).toHaveValue(`@${beaAccount.username} `);
  await expect(ada.getByText(`Replying to @${beaAccount.username}`)).toBeVisible();
  await field.fill(`@${beaAccount.username} By the sea`);
  await ada.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(ada.getByText('By the sea')).toBeVisible();
  await expect(field).toHaveValue('');
  await expect(ada.getByText(/Replying to/)).toHaveCount(0);

  // Closed on the next visit, behind "View 1 reply"; open, then hidden again.
  await ada.goto(postPath);
  if (js) await hydrated(ada);
  await expect(ada.getByText('By the sea')).toHaveCount(0);
  await ada.getByRole('button', { name: 'View 1 reply' }).click();
  await expect(ada.getByText('By the sea')).toBeVisible();
  await ada.getByRole('button', { name: 'Hide replies' }).click();
  await expect(ada.getByText('By the sea')).toHaveCount(0);

  // Bea is told, and the notification opens the reply.
  await bea.goto('/notifications');
  if (js) await hydrated(bea);
  await expect(bea.getByText(/replied to your comment/)).toBeVisible();
  await bea.getByRole('link', { name: 'View post' }).first().click();
  await expect(bea.getByText('By the sea')).toBeVisible({ timeout: 20_000 });
  await expect(bea).toHaveURL(/\?thread=\d+#comment-\d+$/);

  await adaContext.close();
  await beaContext.close();
}
