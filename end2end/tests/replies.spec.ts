import { test } from './fixtures';
import { replyLoop } from './replies';

test('reply to a comment, open and hide the thread, follow the notification', async ({ browser }) => {
  test.setTimeout(60_000);
  await replyLoop(browser, true);
});
