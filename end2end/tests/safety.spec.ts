import { test } from './fixtures';
import { blockingLoop, muteAndRemoveLoop, reportLoop } from './safety';

test('block someone from their profile, then unblock them in Settings', async ({ browser }) => {
  test.setTimeout(60_000);
  await blockingLoop(browser, true);
});

test('mute someone out of the feed and back; remove a follower', async ({ browser }) => {
  test.setTimeout(60_000);
  await muteAndRemoveLoop(browser, true);
});

test('report a post with a reason, once; block its author from the same menu', async ({ browser }) => {
  test.setTimeout(60_000);
  await reportLoop(browser, true);
});
