import { test } from './fixtures';
import { appearance } from './appearance';

test('a chosen theme switches the page and is remembered', async ({ browser }) => {
  await appearance(browser, true);
});
