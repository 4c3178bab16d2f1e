import { test } from './fixtures';
import { twoStepLoop } from './two-step';

test('two-step login: set up with the app, then asked after the password', async ({ browser }) => {
  await twoStepLoop(browser, true);
});
