import { test } from './fixtures';
import { moderationLoop } from './moderation';

test('a report reaches the moderators, who hide the post; everyone concerned is told', async ({ browser }) => {
  test.setTimeout(60_000);
  await moderationLoop(browser, true);
});
