import { expect, test } from './fixtures';
import { hydrated, makePhoto, newAccount, signUp } from './helpers';

test('several photos: chosen, ordered and described, then a carousel by buttons, keys and swipe', async ({ page, browser }) => {
  const [wide, tall, square] = await Promise.all([
    makePhoto(browser, 900, 600),
    makePhoto(browser, 600, 900),
    makePhoto(browser, 700, 700),
  ]);
  const account = newAccount('carousel');
  await signUp(page, account);
  await page.goto('/new');
  await hydrated(page);

  // Two at once, then one more: they add up, in order.
  const image = page.getByLabel('Image');
  await image.setInputFiles([
    { name: 'wide.jpg', mimeType: 'image/jpeg', buffer: wide },
    { name: 'tall.jpg', mimeType: 'image/jpeg', buffer: tall },
  ]);
  await image.setInputFiles({ name: 'square.jpg', mimeType: 'image/jpeg', buffer: square });
  await expect(page.getByRole('img', { name: /^Preview of photo \d$/ })).toHaveCount(3);
  await page.getByLabel('Alt text').fill('A wide harbour');
  await page.getByLabel('Describe photo 2').fill('A tall tower');
  await page.getByLabel('Describe photo 3').fill('A square window');

  // The square one moves up; its words go with it. A photo removed is gone.
  await page.getByRole('button', { name: 'Move photo 3 earlier' }).click();
  await expect(page.getByLabel('Describe photo 2')).toHaveValue('A square window');
  await expect(page.getByLabel('Describe photo 3')).toHaveValue('A tall tower');
  expect(await image.evaluate((input: HTMLInputElement) => Array.from(input.files ?? []).map((f) => f.name)))
    .toEqual(['wide.jpg', 'square.jpg', 'tall.jpg']);
  await page.getByRole('button', { name: 'Remove photo 3' }).click();
  await expect(page.getByRole('img', { name: /^Preview of photo \d$/ })).toHaveCount(2);
  await image.setInputFiles({ name: 'tall.jpg', mimeType: 'image/jpeg', buffer: tall });
  await page.getByLabel('Describe photo 3').fill('A tall tower again');
  await page.getByLabel('Caption').fill('Three views of the harbour');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page).toHaveURL(/\/p\/\d+$/);
  await hydrated(page);

  const article = page.getByRole('article');
  const previous = article.getByRole('button', { name: 'Previous photo' });
  const next = article.getByRole('button', { name: 'Next photo' });
  await expect(article.getByText('Photo 1 of 3')).toBeVisible();
  await expect(previous).toBeHidden();
  await expect(article.getByRole('img', { name: 'A wide harbour' })).toBeInViewport();

  await next.click();
  await expect(article.getByText('Photo 2 of 3')).toBeVisible();
  await expect(article.getByRole('img', { name: 'A square window' })).toBeInViewport({ ratio: 0.9 });
  await page.keyboard.press('ArrowRight');
  await expect(article.getByText('Photo 3 of 3')).toBeVisible();
  await expect(next).toBeHidden();
  await expect(article.getByRole('img', { name: 'A tall tower again' })).toBeInViewport({ ratio: 0.9 });
  await page.keyboard.press('ArrowLeft');
  await expect(article.getByText('Photo 2 of 3')).toBeVisible();
  await previous.click();
  await expect(article.getByText('Photo 1 of 3')).toBeVisible();

  // Two quick clicks on a button turn the photo twice and never like the post.
  await next.dblclick();
  await expect(article.getByText('Photo 3 of 3')).toBeVisible();
  await expect(article.getByRole('button', { name: 'Like', exact: true })).toHaveAttribute('aria-pressed', 'false');

  // A swipe to the right goes back.
  const carousel = article.getByRole('group', { name: 'Photos' });
  await carousel.evaluate((element: HTMLElement) => {
    const touch = (x: number) => new Touch({ identifier: 1, target: element, clientX: x, clientY: 200 });
    element.dispatchEvent(new TouchEvent('touchstart', { changedTouches: [touch(100)], touches: [touch(100)], bubbles: true }));
    element.dispatchEvent(new TouchEvent('touchend', { changedTouches: [touch(260)], touches: [], bubbles: true }));
  });
  await expect(article.getByText('Photo 2 of 3')).toBeVisible();

  // The owner describes a photo again; the grid marks the post as several photos.
  await article.getByRole('button', { name: 'Edit alt text' }).click();
  await expect(page.getByLabel('Describe photo 2')).toHaveValue('A square window');
  await page.getByLabel('Describe photo 2').fill('A round window');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(article.getByRole('img', { name: 'A round window' })).toBeAttached();
  await page.goto(`/${account.username}`);
  await expect(page.getByRole('link', { name: /A wide harbour.*Several photos/ })).toBeVisible();
});
