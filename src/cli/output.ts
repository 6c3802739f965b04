import type { Harness } from '../harness';
import type { LogEvent } from '../log';

/** One log event, readable or as one JSON object per line (`--json`). */
export function printEvent(e: LogEvent, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`);
    return;
  }
  switch (e.kind) {
    case 'request':
      process.stdout.write(
        `${e.vendor.padEnd(9)} ${e.operation.padEnd(28)} ${String(e.status).padStart(3)} ${e.ms.toFixed(1).padStart(7)}ms  ${e.method} ${e.path}${e.tenant !== 'default' ? `  [${e.tenant}]` : ''}${e.rule ? `  (rule ${e.rule})` : ''}\n`,
      );
      break;
    case 'job':
      process.stdout.write(
        `${e.vendor.padEnd(9)} job ${e.id} ${e.operation}: ${e.state} ${Math.round(e.progress)}%${e.phase ? ` ${e.phase}` : ''}${e.message ? ` - ${e.message}` : ''}${e.tenant !== 'default' ? `  [${e.tenant}]` : ''}\n`,
      );
      break;
    case 'info':
      process.stdout.write(`${e.message}\n`);
      break;
    case 'error':
      process.stderr.write(`error: ${e.message}${e.fields?.error ? `\n${String(e.fields.error)}` : ''}\n`);
      break;
  }
}

/** The start banner: every listener, the demo logins, the admin API and the clock. */
export function banner(h: Harness): string {
  const lines = ['backup-mocks is serving:'];
  const scenario = h.engine.scenario;
  for (const m of h.engine.modules.values()) {
    const urls = h.urls.vendors[m.name];
    if (!urls) continue;
    lines.push(`  ${m.title}`);
    for (const [name, url] of Object.entries(urls)) lines.push(`    ${name.padEnd(6)} ${url}`);
    const creds = scenario.tenants[0]?.credentials[m.name];
    if (creds !== undefined && m.describeCredentials) {
      for (const c of m.describeCredentials(creds)) lines.push(`    login  ${c}`);
    }
  }
  if (h.urls.admin) lines.push(`  admin API  ${h.urls.admin}   (GET /vendors, POST /clock/advance, GET /journal, GET /events ...)`, `  dashboard  ${h.urls.admin}/ui`);
  lines.push(`  clock: ${h.clock.mode}${h.clock.mode === 'scaled' ? ` x${h.clock.scale}` : ''}, scenario: ${scenario.name ?? '(unnamed)'}`);
  return lines.join('\n');
}

/** What `--json` prints once every listener is up, and `--ready-file` holds. */
export function readyEvent(h: Harness): { time: string; kind: 'ready'; pid: number; urls: Harness['urls'] } {
  return { time: new Date().toISOString(), kind: 'ready', pid: process.pid, urls: h.urls };
}
