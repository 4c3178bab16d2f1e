import { test } from './fixtures';
import { socialLoop } from './social';

test('follow, see the post in the feed, like, comment, unlike, unfollow', async ({ browser }) => {
  test.setTimeout(90_000);
  await socialLoop(browser, true);
});
