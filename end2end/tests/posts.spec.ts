import { expect, test } from './fixtures';
import { hydrated, logOut, makePhoto, newAccount, sharePhoto, signUp } from './helpers';

test('share a photo with a preview, see it on its page, edit the caption, delete it', async ({ page, browser }) => {
  const photo = await makePhoto(browser);
  await signUp(page, newAccount('poster'));

  await page.goto('/new');
  await hydrated(page);
  await expect(page.getByText('Up to 10 photos (JPEG, PNG or WebP), each up to 15 MB.')).toBeVisible();
  await page.getByLabel('Image').setInputFiles({ name: 'sunset.jpg', mimeType: 'image/jpeg', buffer: photo });
  await expect(page.getByRole('img', { name: 'Preview of the chosen photo' })).toBeVisible();
  await page.getByLabel('Caption').fill('Golden hour #Sunset');
  await page.getByLabel('Alt text').fill('An orange and pink sky');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page).toHaveURL(/\/p\/\d+$/);

  const article = page.getByRole('article');
  const image = article.getByRole('img', { name: 'An orange and pink sky' });
  await expect(image).toBeVisible();
  await expect(image).toHaveAttribute('srcset', /320w/);
  await expect(article.getByRole('link', { name: '#Sunset' })).toHaveAttribute('href', '/tags/sunset');
  await expect(article.getByText('0 likes')).toBeVisible();

  await hydrated(page);
  await article.getByRole('button', { name: 'Edit caption' }).click();
  await page.getByLabel('Caption').fill('Blue hour #dusk');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(article.getByRole('link', { name: '#dusk' })).toBeVisible();

  await article.getByRole('button', { name: 'Edit alt text' }).click();
  await expect(page.getByLabel('Alt text')).toHaveValue('An orange and pink sky');
  await page.getByLabel('Alt text').fill('A sky at dusk');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(article.getByRole('img', { name: 'A sky at dusk' })).toBeVisible();

  const path = new URL(page.url()).pathname;
  await article.getByRole('button', { name: 'Delete post' }).click();
  await expect(page.getByRole('alertdialog')).toContainText("Delete this post?");
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  const gone = await page.goto(path);
  expect(gone?.status()).toBe(404);
});

test('a file that is not an image is refused with a clear message and the caption is kept', async ({ page }) => {
  await signUp(page, newAccount('refused'));
  await page.goto('/new');
  await page.getByLabel('Image').setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html>not a photo</html>') });
  await page.getByLabel('Caption').fill('Will this work?');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('alert')).toContainText('Isntgram accepts JPEG, PNG and WebP images.');
  await expect(page.getByLabel('Caption')).toHaveValue('Will this work?');
});

test('the page checks the photo before sending it and keeps it after a refusal', async ({ page, browser }) => {
  await signUp(page, newAccount('careful'));
  await page.goto('/new');
  await hydrated(page);
  let sent = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/new') sent += 1;
  });
  const image = page.getByLabel('Image');

  // Not a photo by its type: said at once, and nothing leaves the browser.
  await image.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByRole('alert')).toContainText('choose a JPEG, PNG or WebP');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('alert')).toContainText('choose a JPEG, PNG or WebP');
  expect(sent).toBe(0);

  // Named a photo but not one: the server refuses; the file and the words stay.
  await image.setInputFiles({ name: 'fake.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html>not a photo</html>') });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByLabel('Caption').fill('Second try');
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page.getByRole('alert')).toContainText('Isntgram accepts JPEG, PNG and WebP images.');
  expect(sent).toBe(1);
  await expect(page).toHaveURL(/\/new$/);
  await expect(page.getByLabel('Caption')).toHaveValue('Second try');
  expect(await image.evaluate((input: HTMLInputElement) => input.files?.length)).toBe(1);

  // Choosing adds to the photos chosen: the refused one is removed first. A real photo
  // goes through, cropped to the frame chosen, to its page.
  await page.getByRole('button', { name: 'Remove photo 1' }).click();
  await image.setInputFiles({ name: 'real.jpg', mimeType: 'image/jpeg', buffer: await makePhoto(browser, 800, 500) });
  await page.getByLabel('Square (1:1)').check();
  await expect(page.getByRole('img', { name: 'Preview of the chosen photo' })).toHaveClass(/aspect-square/);
  await page.getByRole('button', { name: 'Share' }).click();
  await expect(page).toHaveURL(/\/p\/\d+$/);
  await expect(page.getByText('Second try')).toBeVisible();
  const photo = page.getByRole('article').getByRole('img').first();
  await expect(photo).toHaveJSProperty('complete', true);
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth === img.naturalHeight)).toBe(true);
});

test("nobody else sees the owner's buttons", async ({ page, browser }) => {
  const photo = await makePhoto(browser, 600, 600);
  await signUp(page, newAccount('owner'));
  const path = await sharePhoto(page, photo, 'Mine', 'A square');
  // Logged out for sure before the post is opened again (the click alone does not wait).
  await logOut(page);
  await page.goto(path);
  await expect(page.getByRole('img', { name: 'A square' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Edit caption' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete post' })).toHaveCount(0);
});
