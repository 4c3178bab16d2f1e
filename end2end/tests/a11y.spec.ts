import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { hydrated, makePhoto, newAccount, sharePhoto, signUp } from './helpers';
import { grantModerator } from './moderation';

/** Fails on any serious or critical WCAG 2.1 A/AA violation axe-core finds. */
async function audit(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, label).toEqual([]);
}

const screens = [
  { name: 'phone', viewport: { width: 390, height: 844 }, colorScheme: 'light' as const },
  { name: 'desktop', viewport: { width: 1280, height: 900 }, colorScheme: 'light' as const },
  { name: 'desktop, dark', viewport: { width: 1280, height: 900 }, colorScheme: 'dark' as const },
];

for (const screen of screens) {
  test(`the main pages have no serious accessibility violations (${screen.name})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext({ viewport: screen.viewport, colorScheme: screen.colorScheme });
    const page = await context.newPage();
    const badToken = 'a'.repeat(64);
    for (const path of [
      '/login', '/signup', '/password/forgot', '/password/forgot?sent=1', `/password/reset?token=${badToken}`,
      `/email/confirm?token=${badToken}`, '/login?reset=1',
    ]) {
      await page.goto(path);
      await hydrated(page);
      await audit(page, `${path} (${screen.name})`);
    }
    const account = newAccount('axe');
    await signUp(page, account);
    const photo = await makePhoto(browser, 800, 600);
    const post = await sharePhoto(page, photo, 'Checked for #accessibility', 'A gradient with circles');
    // Every page below shows the banner asking to confirm the email.
    // A comment with a reply, a like and a save, so threads, the likers and the saved tab have content.
    await page.getByLabel('Add a comment').fill('First');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await page.getByRole('button', { name: 'Reply' }).first().click();
    await page.getByLabel('Add a comment').fill('An answer');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    await expect(page.getByText('An answer')).toBeVisible();
    await page.getByRole('article').getByRole('button', { name: 'Like', exact: true }).first().click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Remove from saved' })).toBeVisible();
    // A report of the demo account, and the moderators' pages (this account moderates).
    await page.goto('/report?account=demo');
    await page.getByRole('radio', { name: 'Spam' }).check();
    await page.getByRole('button', { name: 'Submit report' }).click();
    await expect(page.getByText('Thanks for letting us know')).toBeVisible();
    grantModerator(account.username);
    const pages = [
      '/', '/new', post, `${post}?confirm=delete`, `${post}?edit=alt`, `${post}/likes`, `/${account.username}`,
      `/${account.username}/saved`, '/explore', '/search?q=axe', '/notifications', '/settings', '/settings/sessions', '/settings/data', '/settings/two-step',
      '/settings/privacy', `/${account.username}/followers`, '/demo?options=profile',
      `/report?account=demo`, '/admin/reports', '/admin/log',
    ];
    for (const path of pages) {
      await page.goto(path);
      await hydrated(page);
      await audit(page, `${path} (${screen.name})`);
    }
    // An open thread.
    await page.goto(post);
    await hydrated(page);
    await page.getByRole('button', { name: 'View 1 reply' }).click();
    await expect(page.getByText('An answer')).toBeVisible();
    await audit(page, `${post}, thread open (${screen.name})`);
    await context.close();
  });
}
