import { test } from './fixtures';
import { socialLoop } from './social';

test('without JavaScript: follow, feed, like, comment, unlike, unfollow', async ({ browser }) => {
  test.setTimeout(90_000);
  await socialLoop(browser, false);
});
