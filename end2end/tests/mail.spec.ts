import { test } from './fixtures';
import { confirmEmailLoop, resetPasswordLoop } from './mail';

test('confirm the email from the mailed link', async ({ browser }) => {
  await confirmEmailLoop(browser, true);
});

test('forgot password: a mailed link sets a new one', async ({ browser }) => {
  await resetPasswordLoop(browser, true);
});
