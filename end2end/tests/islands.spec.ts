import { expect, test } from './fixtures';
import { hydrated, makePhoto, newAccount, sharePhoto, signUp } from './helpers';

test("a card's comments load on first use, and a comment sent before they run is posted in place", async ({ page, browser }) => {
  const photo = await makePhoto(browser, 600, 600);
  await signUp(page, newAccount('early'));
  await sharePhoto(page, photo, 'Comment early', 'A photo to comment on early');

  const fetched: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/split_')) fetched.push(request.url());
  });
  // The comments' code is held back until the comment has been sent.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/split_feed_comments_*', async (route) => {
    await held;
    await route.continue();
  });

  await page.goto('/');
  await hydrated(page);
  expect(fetched).toEqual([]);
  let navigations = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations += 1;
  });

  const card = page.getByRole('article').filter({ hasText: 'Comment early' });
  await card.getByLabel('Add a comment').fill('Before the code');
  await card.getByRole('button', { name: 'Post' }).click();
  await expect.poll(() => fetched.some((url) => url.includes('split_feed_comments_'))).toBe(true);
  release();

  await expect(card.getByText('Before the code')).toBeVisible();
  await expect(card.getByLabel('Add a comment')).toHaveValue('');
  await expect(page.locator('[aria-live="polite"]')).toContainText(['Comment posted']);
  expect(navigations).toBe(0);
});

test("a post page's comments load on first use, not when scrolled past", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 600 } });
  const page = await context.newPage();
  const photo = await makePhoto(browser, 600, 900);
  await signUp(page, newAccount('scroller'));
  const path = await sharePhoto(page, photo, 'Scroll to talk', 'A tall photo to scroll past');

  const fetched: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/split_')) fetched.push(request.url());
  });
  await page.goto(path);
  await hydrated(page);
  const field = page.getByLabel('Add a comment');
  await field.scrollIntoViewIfNeeded();
  await expect(field).toBeInViewport();
  expect(fetched).toEqual([]);

  await field.fill('Used at last');
  await expect.poll(() => fetched.some((url) => url.includes('split_post_comments_'))).toBe(true);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(page.getByText('Used at last')).toBeVisible();
  await expect(field).toHaveValue('');
  await context.close();
});
