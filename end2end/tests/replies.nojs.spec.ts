import { test } from './fixtures';
import { replyLoop } from './replies';

test('without JavaScript: reply, open and hide the thread, follow the notification', async ({ browser }) => {
  test.setTimeout(60_000);
  await replyLoop(browser, false);
});
