import { test as base, expect, type BrowserContext } from '@playwright/test';

/** Collects what Chromium reports of the page's Content-Security-Policy refusing something. */
function watchForViolations(context: BrowserContext, found: string[]): void {
  context.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) found.push(message.text());
  });
}

/**
 * Playwright's `test`, failing any test during which a page broke its
 * Content-Security-Policy (in the test's own context or in any it opened).
 */
export const test = base.extend<{ contentSecurityPolicyHolds: void }>({
  contentSecurityPolicyHolds: [
    async ({ context, browser }, use) => {
      const found: string[] = [];
      watchForViolations(context, found);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const opened = await newContext(options);
        watchForViolations(opened, found);
        return opened;
      };
      await use();
      browser.newContext = newContext;
      expect(found, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Page } from '@playwright/test';
