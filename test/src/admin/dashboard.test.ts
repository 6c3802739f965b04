import type { Browser, Page } from 'playwright-core';
import { startHarness, type Harness } from '../../../src/harness';
import { defaultScenarioPath } from '../../../src/scenario/sources';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from './chromium';
import { commvaultDrBackup, commvaultJobSummary, ddsBackup, vcenterBackup } from './vendor-calls';

/**
 * The dashboard in real headless Chromium (Debian's chromium package, driven by playwright-core)
 * against a running harness on the manual clock. Without /usr/bin/chromium it skips, and says so.
 */
const chromium = hasChromium();
if (!chromium) {
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED the dashboard's Chromium test: no browser at ${CHROMIUM_PATH} (apt-get install -y chromium; .ci/run installs it)`);
}
const describeInChromium = chromium ? describe : describe.skip;

describeInChromium(`the dashboard in headless Chromium (${CHROMIUM_PATH})`, () => {
  let h: Harness;
  let browser: Browser;
  let page: Page;

/** The little of the page's DOM the predicates below read (this project's type-check has no DOM library). */
interface PageDom {
  document: { querySelector(s: string): { value?: number } | null; querySelectorAll(s: string): ArrayLike<{ getAttribute(name: string): string | null }> };
}

  const progressSelector = (vendor: string, id: string) => `li.job[data-vendor="${vendor}"][data-job="${id}"] progress`;
  const progressOf = async (vendor: string, id: string) => Number(await page.locator(progressSelector(vendor, id)).getAttribute('value'));
  const tab = (name: string) => page.click(`nav.tabs button[data-tab="${name}"]`);

  beforeAll(async () => {
    h = await startHarness({ scenarioFiles: [defaultScenarioPath()], clock: 'manual', tlsEnabled: false });
    const { chromium: driver } = await import('playwright-core');
    browser = await driver.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    await page.goto(`${h.urls.admin}/ui`);
    await page.locator('.live.on').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it("sees a vCenter backup's progress bar move as the clock advances from the page", async () => {
    const id = await vcenterBackup(h);
    const row = page.locator(`li.job[data-vendor="vcenter"][data-job="${id}"]`);
    await row.waitFor();
    await row.locator('.badge.word', { hasText: 'INPROGRESS' }).waitFor();
    const before = await progressOf('vcenter', id);
    await page.click('button[data-advance="1s"]');
    await page.click('button[data-advance="1s"]');
    await page.waitForFunction(
      ([sel, was]) => ((globalThis as unknown as PageDom).document.querySelector(sel)?.value ?? 0) > was,
      [progressSelector('vcenter', id), before] as [string, number],
    );
    const after = await progressOf('vcenter', id);
    expect(after).toBeGreaterThan(before);
    expect(after).toBe(h.engine.jobs.get('default', 'vcenter', id)!.progress);
    await page.click('button[data-advance="1m"]');
    await row.locator('.badge.word', { hasText: 'SUCCEEDED' }).waitFor();
    expect(await progressOf('vcenter', id)).toBe(100);
  });

  it("fails a Commvault job from the page; cvpysdk's GET Job/{id} then answers Failed", async () => {
    const { token, jobId } = await commvaultDrBackup(h);
    expect((await commvaultJobSummary(h, token, jobId)).status).toBe('Running');
    const row = page.locator(`li.job[data-vendor="commvault"][data-job="${jobId}"]`);
    await row.getByRole('button', { name: 'Fail' }).click();
    await row.locator('.badge.word', { hasText: 'Failed' }).waitFor();
    expect((await commvaultJobSummary(h, token, jobId)).status).toBe('Failed');
    expect(await row.getByRole('button', { name: 'Cancel' }).isDisabled()).toBe(true);
  });

  it('filters the journal to one tenant with the tenant picker', async () => {
    await commvaultDrBackup(h, 'worker-2');
    await tab('journal');
    await page.locator('.jrow[data-tenant="default"]').first().waitFor();
    await page.locator('select[name="tenant"] option[value="worker-2"]').waitFor({ state: 'attached' });
    await page.selectOption('select[name="tenant"]', 'worker-2');
    await page.waitForFunction(() => {
      const rows = Array.from((globalThis as unknown as PageDom).document.querySelectorAll('.jrow[data-id]'));
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-tenant') === 'worker-2');
    });
    const tenants = await page.locator('.jrow[data-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tenant')));
    expect(new Set(tenants)).toEqual(new Set(['worker-2']));
    expect(tenants.length).toBe(h.find({ tenant: 'worker-2' }).length);
    // The entry's request and answer, secrets masked.
    await page.locator('.jrow[data-id]', { hasText: 'Login' }).click();
    const detail = page.locator('.jdetail');
    await detail.getByText('"token": "***"').waitFor();
    expect(await detail.textContent()).not.toContain('Commvault!1');
    await page.selectOption('select[name="tenant"]', 'default');
  });

  it('adds a rule from the page that makes the next DDS create answer DBS.201015', async () => {
    await tab('rules');
    const form = page.locator('form.rule-form');
    await form.locator('select[name="vendor"]').selectOption('dds');
    await form.locator('input[name="operation"]').fill('CreateManualBackup');
    await form.locator('input[name="value"]').fill('DBS.201015');
    await form.locator('input[name="times"]').fill('1');
    await form.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.locator('table.rules tr[data-rule]', { hasText: 'CreateManualBackup' });
    await rule.waitFor();
    const refused = await ddsBackup(h, 'from-the-dashboard');
    expect(refused.status).toBe(403); // DBS.201015's status (mocks/dds/errors.ts)
    expect(refused.body.error_code).toBe('DBS.201015');
    expect((await ddsBackup(h, 'the-next-one')).status).toBe(200);
    await rule.locator('td.fired', { hasText: '1' }).waitFor();
  });
});
