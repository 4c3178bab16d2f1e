import { test } from './fixtures';
import { discoverLoop } from './discover';

test('search a person and a tag, and receive notifications', async ({ browser }) => {
  test.setTimeout(90_000);
  await discoverLoop(browser, true);
});
