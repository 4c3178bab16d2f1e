import { expect, type Page } from '@playwright/test';

let counter = 0;

/** A username nobody has taken yet in this run (3–30 word characters). */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}${counter}`.slice(0, 30);
}

/** Resolves once the wasm has hydrated the page (the app marks <body> then). */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1);
}

export interface Account {
  username: string;
  email: string;
  fullName: string;
  password: string;
}

export function newAccount(prefix = 'user'): Account {
  const username = uniqueName(prefix);
  return {
    username,
    email: `${username}@example.com`,
    fullName: `Test ${username}`,
    password: 'correct horse battery',
  };
}

/** Signs up through the form; works with and without JavaScript. */
export async function signUp(page: Page, account: Account, js = true): Promise<void> {
  await page.goto('/signup');
  if (js) await hydrated(page);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Full name').fill(account.fullName);
  await page.getByLabel('Username').fill(account.username);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
}

export async function logIn(page: Page, login: string, password: string, js = true): Promise<void> {
  await page.goto('/login');
  if (js) await hydrated(page);
  await page.getByLabel('Username or email').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
}
