import { expect, test } from './fixtures';
import { downloadData, hydrated, logIn, logOut, newAccount, signUp } from './helpers';

test('sign up, log out, log in by username and by email', async ({ page }) => {
  const account = newAccount('ada');
  await signUp(page, account);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: `Welcome, ${account.fullName}` })).toBeVisible();

  await logOut(page);
  await logIn(page, account.username, account.password);
  await expect(page.getByRole('heading', { name: `Welcome, ${account.fullName}` })).toBeVisible();

  await logOut(page);
  await logIn(page, account.email.toUpperCase(), account.password);
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
});

test('a wrong password and an unknown user get the same message, and the login is kept', async ({ page }) => {
  const account = newAccount('bea');
  await signUp(page, account);
  await logOut(page);

  await logIn(page, account.username, 'not the password');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Sorry, your username or password was incorrect.');
  await expect(page.getByLabel('Username or email')).toHaveValue(account.username);

  await logIn(page, 'nobody_by_this_name', 'not the password');
  await expect(page.getByRole('alert')).toContainText('Sorry, your username or password was incorrect.');
});

test('Try the demo logs in as the demo user', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: 'Try the demo' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Demo Person' })).toBeVisible();
});

test('a taken username gets a clear message and the typed fields stay', async ({ page }) => {
  const first = newAccount('cy');
  await signUp(page, first);
  await logOut(page);

  await page.goto('/signup');
  await hydrated(page);
  await page.getByLabel('Email').fill(`other_${first.email}`);
  await page.getByLabel('Full name').fill('Someone Else');
  await page.getByLabel('Username').fill(first.username.toUpperCase());
  await page.getByLabel('Password').fill('another password');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('alert')).toContainText("isn't available");
  await expect(page.getByLabel('Full name')).toHaveValue('Someone Else');
});

test('members-only pages send visitors to log in and back', async ({ page }) => {
  const account = newAccount('dee');
  await signUp(page, account);
  await logOut(page);

  const response = await page.goto('/settings');
  await expect(page).toHaveURL(/\/login\?next=\/settings$/);
  expect(response?.ok()).toBeTruthy();
  await hydrated(page);
  await page.getByLabel('Username or email').fill(account.username);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
});

test('settings: edit the profile and change the password', async ({ page }) => {
  const account = newAccount('eve');
  await signUp(page, account);
  await page.goto('/settings');
  await hydrated(page);
  await expect(page.getByLabel('Full name')).toHaveValue(account.fullName);
  await page.getByLabel('Full name').fill('Eve Renamed');
  await page.getByLabel('Bio').fill('Photos of trains.');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByText('Profile saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Full name')).toHaveValue('Eve Renamed');
  await expect(page.getByLabel('Bio')).toHaveValue('Photos of trains.');

  await hydrated(page);
  await page.getByLabel('Current password').fill('wrong password!');
  await page.getByLabel('New password').fill('a brand new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toContainText('Your current password is not correct.');

  await page.getByLabel('Current password').fill(account.password);
  await page.getByLabel('New password').fill('a brand new password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed.')).toBeVisible();

  await logOut(page);
  await logIn(page, account.username, account.password);
  await expect(page.getByRole('alert')).toBeVisible();
  await logIn(page, account.username, 'a brand new password');
  await expect(page.getByRole('heading', { name: 'Welcome, Eve Renamed' })).toBeVisible();
});

test('log out other sessions from Settings', async ({ page, browser }) => {
  const account = newAccount('twice');
  await signUp(page, account);
  const elsewhere = await browser.newContext();
  const other = await elsewhere.newPage();
  await logIn(other, account.username, account.password);
  await expect(other.getByRole('button', { name: 'Log out' })).toBeVisible();

  await page.goto('/settings');
  await page.getByRole('link', { name: "Where you're logged in" }).click();
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(page.getByText('This device')).toBeVisible();
  await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(2);
  await hydrated(page);
  await page.getByRole('button', { name: 'Log out other sessions' }).click();
  await expect(page.getByText('Every other session has ended.')).toBeVisible();
  await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(1);

  await other.goto('/settings');
  await expect(other).toHaveURL(/\/login/);
  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await elsewhere.close();
});

test('download your data from Settings', async ({ page }) => {
  const account = newAccount('keeper');
  await signUp(page, account);
  await downloadData(page, account);
});
