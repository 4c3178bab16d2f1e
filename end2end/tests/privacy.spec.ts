import { test } from './fixtures';
import { privateAccountLoop } from './privacy';

test('a private account: only approved followers see its photos', async ({ browser }) => {
  test.setTimeout(60_000);
  await privateAccountLoop(browser, true);
});
