import crypto from 'node:crypto';
import { expect, type Browser } from '@playwright/test';
import { logIn, logOut, newAccount, signUp, waits } from './helpers';

/** The bytes of an RFC 4648 base32 text (spaces ignored). */
function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The 6-digit code an authenticator app with `key` shows at `seconds` (RFC 6238, SHA-1). */
function appCode(key: Buffer, seconds: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

/**
 * Two-step login: set up from Settings with the key the page shows (as an app would
 * read the QR code), ten recovery codes shown once; then a login asks for the app's
 * code after the password.
 */
export async function twoStepLoop(browser: Browser, js: boolean): Promise<void> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  const account = newAccount('tia');
  await signUp(page, account, js);
  const { ready } = waits(page, js);
  await page.goto('/settings');
  await ready();
  await page.getByRole('link', { name: 'Two-step login settings' }).click();
  await ready();
  await page.getByRole('button', { name: 'Set up two-step login' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const key = base32Bytes(await page.locator('code').innerText());
  await page.getByLabel('Code from your app').fill(appCode(key, Date.now() / 1000));
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await expect(page.getByText('Two-step login is on')).toBeVisible();

  await logOut(page);
  await logIn(page, account.username, account.password, js);
  await expect(page.getByRole('heading', { name: 'Two-step login' })).toBeVisible();
  await ready();
  await page.getByLabel('Code').fill('000000');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('alert')).toContainText("That code isn't right");
  // The next step's code: the one used to turn it on never works again.
  await page.getByLabel('Code').fill(appCode(key, Date.now() / 1000 + 30));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
  await context.close();
}
