import { expect, test } from './fixtures';
import { downloadData, logIn, logOut, newAccount, signUp } from './helpers';

// The same flows with JavaScript off: every form is a plain POST and a redirect.

test('without JavaScript: sign up, log out, log in, wrong password', async ({ page }) => {
  const account = newAccount('nojs');
  await signUp(page, account, false);
  await expect(page.getByRole('heading', { name: `Welcome, ${account.fullName}` })).toBeVisible();
  await logOut(page);

  await logIn(page, account.username, 'wrong password', false);
  await expect(page.getByRole('alert')).toContainText('Sorry, your username or password was incorrect.');
  await expect(page.getByLabel('Username or email')).toHaveValue(account.username);

  await logIn(page, account.username, account.password, false);
  await expect(page.getByRole('heading', { name: `Welcome, ${account.fullName}` })).toBeVisible();
});

test('without JavaScript: a bad sign-up keeps what was typed', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('Email').fill('not-an-email@x');
  await page.getByLabel('Full name').fill('Kept Name');
  await page.getByLabel('Username').fill('kept_name');
  await page.getByLabel('Password').fill('long enough password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter a valid email address');
  await expect(page.getByLabel('Full name')).toHaveValue('Kept Name');
  await expect(page.getByLabel('Username')).toHaveValue('kept_name');
  await expect(page.getByLabel('Password')).toHaveValue('');
});

test('without JavaScript: demo and settings', async ({ page }) => {
  const account = newAccount('nojs_set');
  await signUp(page, account, false);
  await page.goto('/settings');
  await page.getByLabel('Full name').fill('Plain Form');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved.')).toBeVisible();
  await expect(page.getByLabel('Full name')).toHaveValue('Plain Form');
  await logOut(page);

  await page.goto('/');
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Demo Person' })).toBeVisible();
});

test('without JavaScript: log out one other session from the list', async ({ page, browser }) => {
  const account = newAccount('listed');
  await signUp(page, account, false);
  const elsewhere = await browser.newContext({ javaScriptEnabled: false });
  const other = await elsewhere.newPage();
  await logIn(other, account.username, account.password, false);
  await expect(other.getByRole('button', { name: 'Log out' })).toBeVisible();

  await page.goto('/settings/sessions');
  await expect(page.getByText('Active now')).toHaveCount(2);
  await page.getByRole('button', { name: /^Log out of / }).click();
  await expect(page.getByText('That session has ended.')).toBeVisible();
  await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(1);

  await other.goto('/settings');
  await expect(other).toHaveURL(/\/login/);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await elsewhere.close();
});

test('without JavaScript: download your data from Settings', async ({ page }) => {
  const account = newAccount('keepnojs');
  await signUp(page, account, false);
  await downloadData(page, account);
});
