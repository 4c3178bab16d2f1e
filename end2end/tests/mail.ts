import fs from 'node:fs';
import path from 'node:path';
import { expect, type Browser } from '@playwright/test';
import { logIn, newAccount, signUp, waits } from './helpers';

/** A mail as the test SMTP server (scripts/smtp-server) took it. */
interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

function receivedMails(): ReceivedMail[] {
  const dir = process.env.ISNTGRAM_MAIL_DIR;
  if (!dir) throw new Error('ISNTGRAM_MAIL_DIR is not set: run the tests through scripts/e2e');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')));
}

/** The link to `linkPath` in the newest mail to `to` about `subject`, once it arrived. */
async function mailedLink(to: string, subject: string, linkPath: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      () => {
        const mail = receivedMails()
          .reverse()
          .find((m) => m.to.some((t) => t.toLowerCase() === to.toLowerCase()) && m.subject.includes(subject));
        link = mail?.text.split(/\s+/).find((word) => word.startsWith('http') && word.includes(linkPath));
        return link !== undefined;
      },
      { message: `a mail to ${to} about “${subject}”`, timeout: 15_000 },
    )
    .toBe(true);
  return link!;
}

/**
 * After signing up, a banner asks to confirm the email; the link in the mail the SMTP
 * server received leads to "Confirm email", and the banner is gone.
 */
export async function confirmEmailLoop(browser: Browser, js: boolean): Promise<void> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  const account = newAccount('mia');
  await signUp(page, account, js);
  const banner = page.getByRole('complementary', { name: 'Confirm your email' });
  await expect(banner).toBeVisible();

  const link = await mailedLink(account.email, 'Confirm your email', '/email/confirm?token=');
  await page.goto(link);
  await waits(page, js).ready();
  await page.getByRole('button', { name: 'Confirm email' }).click();
  await expect(page.getByText('Your email is confirmed.')).toBeVisible();
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  await expect(banner).toHaveCount(0);

  // The link works once.
  await page.goto(link);
  await expect(page.getByText('This link has expired or was already used.')).toBeVisible();
  await context.close();
}

/**
 * "Forgot password?" on the login page: the email in, the link from the mail, a new
 * password; the old one no longer logs in, the new one does.
 */
export async function resetPasswordLoop(browser: Browser, js: boolean): Promise<void> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  const account = newAccount('rex');
  await signUp(page, account, js);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('link', { name: 'Log in' })).toBeVisible();

  const { ready } = waits(page, js);
  await page.goto('/login');
  await ready();
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/password\/forgot$/);
  await ready();
  await page.getByLabel('Email').fill(account.email.toUpperCase());
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('If an account uses that email, we sent it a link')).toBeVisible();

  const link = await mailedLink(account.email, 'Reset your Isntgram password', '/password/reset?token=');
  await page.goto(link);
  await ready();
  await page.getByLabel('New password').fill('short');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByRole('alert')).toContainText('at least');
  await page.getByLabel('New password').fill('a fresh long secret');
  await page.getByRole('button', { name: 'Reset password' }).click();
  await expect(page.getByText('Your password has been reset.')).toBeVisible();

  await logIn(page, account.username, account.password, js);
  await expect(page.getByRole('alert')).toContainText('incorrect');
  await logIn(page, account.username, 'a fresh long secret', js);
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  await context.close();
}
