import { test } from './fixtures';
import { twoStepLoop } from './two-step';

test('without JavaScript: two-step login set up and asked after the password', async ({ browser }) => {
  await twoStepLoop(browser, false);
});
