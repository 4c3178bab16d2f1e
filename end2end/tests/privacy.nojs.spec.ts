import { test } from './fixtures';
import { privateAccountLoop } from './privacy';

test('without JavaScript: a private account, a request, a confirmation', async ({ browser }) => {
  test.setTimeout(60_000);
  await privateAccountLoop(browser, false);
});
