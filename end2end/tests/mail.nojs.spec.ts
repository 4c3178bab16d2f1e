import { test } from './fixtures';
import { confirmEmailLoop, resetPasswordLoop } from './mail';

test('without JavaScript: confirm the email from the mailed link', async ({ browser }) => {
  await confirmEmailLoop(browser, false);
});

test('without JavaScript: forgot password, a mailed link sets a new one', async ({ browser }) => {
  await resetPasswordLoop(browser, false);
});
