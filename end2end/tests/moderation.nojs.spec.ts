import { test } from './fixtures';
import { moderationLoop } from './moderation';

test('without JavaScript: a report, a moderator hides the post, everyone concerned is told', async ({ browser }) => {
  test.setTimeout(60_000);
  await moderationLoop(browser, false);
});
