import { test } from './fixtures';
import { blockingLoop, muteAndRemoveLoop, reportLoop } from './safety';

test('without JavaScript: block someone from their profile, then unblock them in Settings', async ({ browser }) => {
  test.setTimeout(60_000);
  await blockingLoop(browser, false);
});

test('without JavaScript: mute someone out of the feed and back; remove a follower', async ({ browser }) => {
  test.setTimeout(60_000);
  await muteAndRemoveLoop(browser, false);
});

test('without JavaScript: report a post with a reason, once; block its author from the same menu', async ({ browser }) => {
  test.setTimeout(60_000);
  await reportLoop(browser, false);
});
