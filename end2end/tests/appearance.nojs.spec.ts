import { test } from './fixtures';
import { appearance } from './appearance';

test('without JavaScript: a chosen theme is remembered', async ({ browser }) => {
  await appearance(browser, false);
});
