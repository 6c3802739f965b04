// Regenerates docs/dashboard-desktop.png and docs/dashboard-narrow.png: serves the default
// scenario on a manual clock, makes some traffic, and photographs the page in headless Chromium.
//   npx tsx scripts/dashboard-screenshots.ts   (needs /usr/bin/chromium: apt-get install -y chromium)
import { chromium } from 'playwright-core';
import { startHarness } from '../src/harness';
import { defaultScenarioPath } from '../src/scenario/sources';
import { commvaultDrBackup, ddsBackup, vcenterBackup } from '../test/src/admin/vendor-calls';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/src/admin/chromium';

async function main(): Promise<void> {
  const h = await startHarness({ scenarioFiles: [defaultScenarioPath()], clock: 'manual', tlsEnabled: false });
  try {
    await vcenterBackup(h);
    h.clock.advance('2s');
    await commvaultDrBackup(h);
    await ddsBackup(h, 'nightly-1');
    h.clock.advance('3s');
    await commvaultDrBackup(h, 'worker-2');
    await fetch(`${h.urls.admin}/rules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ match: { vendor: 'dds', operation: 'CreateManualBackup' }, respond: { error: 'DBS.201015' }, times: 1 }),
    });
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    for (const [name, viewport] of [
      ['desktop', { width: 1440, height: 900 }],
      ['narrow', { width: 390, height: 1200 }],
    ] as const) {
      const page = await browser.newPage({ viewport, deviceScaleFactor: name === 'narrow' ? 2 : 1 });
      await page.goto(`${h.urls.admin}/ui#tab=jobs`);
      await page.locator('li.job').first().waitFor();
      await page.screenshot({ path: `docs/dashboard-${name}.png`, fullPage: name === 'narrow' });
      if (name === 'desktop') {
        await page.click('button[data-tab=journal]');
        await page.locator('.jrow[data-id]').first().click();
        await page.locator('.jdetail').waitFor();
        await page.screenshot({ path: 'docs/dashboard-journal.png' });
      }
      await page.close();
    }
    await browser.close();
  } finally {
    await h.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
