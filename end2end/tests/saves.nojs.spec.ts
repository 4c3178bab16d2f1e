import { test } from './fixtures';
import { savingLoop } from './saves';

test('without JavaScript: save a post, find it under Saved, remove it', async ({ browser }) => {
  test.setTimeout(60_000);
  await savingLoop(browser, false);
});
