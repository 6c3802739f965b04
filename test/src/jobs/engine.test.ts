import { Clock } from '../../../src/clock';
import { JobEngine, type JobChange } from '../../../src/jobs/engine';
import { compileTimeline } from '../../../src/jobs/timeline';

function engineWith(timeline: Parameters<typeof compileTimeline>[0]) {
  const clock = new Clock({ mode: 'manual', start: 0 });
  const jobs = new JobEngine(clock, () => ({ steps: compileTimeline(timeline), rule: 'test' }));
  const changes: JobChange[] = [];
  jobs.events.on('change', (c: JobChange) => changes.push({ ...c, job: { ...c.job } }));
  return { clock, jobs, changes };
}

describe('job engine', () => {
  it('runs a two-hour timeline to completion under the manual clock, with no sleeps', () => {
    const { clock, jobs } = engineWith({ duration: '2h', phases: ['Scan', 'Backup', 'Archive'] });
    const job = jobs.start('t', 'vcenter', { operation: 'backup' });
    expect(job.state).toBe('running');
    clock.advance('1h');
    expect(job.state).toBe('running');
    expect(job.progress).toBe(50);
    expect(job.phase).toBe('Backup');
    clock.advance('59m');
    expect(job.state).toBe('running');
    clock.advance('1m');
    expect(job.state).toBe('succeeded');
    expect(job.progress).toBe(100);
    expect(job.endedAt).toBe(2 * 3_600_000);
  });

  it('applies explicit steps in order and stops at a failure', () => {
    const { clock, jobs, changes } = engineWith([
      { after: '0s', state: 'queued' },
      { after: '5s', state: 'running', phase: 'Backup' },
      { after: '30s', progress: 40 },
      { after: '2m', state: 'failed', message: 'disk full', error: 'E42' },
      { after: '3m', progress: 99 },
    ]);
    const job = jobs.start('t', 'dds', { operation: 'backup' });
    expect(job.state).toBe('queued');
    clock.advance('10m');
    expect(job).toMatchObject({ state: 'failed', progress: 40, message: 'disk full', error: 'E42' });
    expect(changes.map((c) => c.job.state)).toEqual(['queued', 'running', 'running', 'failed']);
  });

  it('shorthand failAt fails at that progress with the message', () => {
    const steps = compileTimeline({ duration: '10m', outcome: 'failed', failAt: 60, message: 'network lost' });
    const last = steps[steps.length - 1];
    expect(last).toMatchObject({ at: 600_000, state: 'failed', progress: 60, message: 'network lost' });
    expect(Math.max(...steps.map((s) => s.progress ?? 0))).toBe(60);
  });

  it('stamps steps with their due time even when a scaled clock fires them late', () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const clock = new Clock({ mode: 'scaled', scale: 600, start: 0 });
      const jobs = new JobEngine(clock, () => ({ steps: compileTimeline({ duration: '6s', steps: 1 }), rule: 'test' }));
      const job = jobs.start('t', 'dds', { operation: 'backup' });
      jest.advanceTimersByTime(50); // 30 s of virtual time: the 6 s step is long overdue
      expect(job.state).toBe('succeeded');
      expect(job.endedAt).toBe(6000);
      clock.dispose();
    } finally {
      jest.useRealTimers();
    }
  });

  it('a hanging job never finishes', () => {
    const { clock, jobs } = engineWith({ duration: '1m', outcome: 'hang' });
    const job = jobs.start('t', 'vcenter', { operation: 'backup' });
    clock.advance('1d');
    expect(job.state).toBe('running');
    expect(job.progress).toBe(99);
  });

  it('suspend pauses the timeline and resume continues where it stopped', () => {
    const { clock, jobs } = engineWith({ duration: '100s' });
    const job = jobs.start('t', 'commvault', { operation: 'backup' });
    clock.advance('50s');
    expect(job.progress).toBe(50);
    expect(jobs.suspend(job)).toBe(true);
    clock.advance('1h');
    expect(job).toMatchObject({ state: 'suspended', progress: 50 });
    expect(jobs.resume(job)).toBe(true);
    clock.advance('49s');
    expect(job.state).toBe('running');
    clock.advance('1s');
    expect(job.state).toBe('succeeded');
    expect(jobs.elapsed(job)).toBe(100_000);
  });

  it('cancel ends a running job and refuses a finished one', () => {
    const { clock, jobs } = engineWith({ duration: '10s' });
    const job = jobs.start('t', 'vcenter', { operation: 'backup' });
    expect(jobs.cancel(job, 'stopped by user')).toBe(true);
    expect(job).toMatchObject({ state: 'cancelled', message: 'stopped by user' });
    clock.advance('1m');
    expect(job.state).toBe('cancelled');
    expect(jobs.cancel(job)).toBe(false);
  });

  it('force sets fields and a terminal state stops the timeline', () => {
    const { clock, jobs } = engineWith({ duration: '10s' });
    const job = jobs.start('t', 'vcenter', { operation: 'backup' });
    jobs.force(job, { state: 'failed', message: 'forced' });
    clock.advance('1m');
    expect(job).toMatchObject({ state: 'failed', message: 'forced' });
  });

  it('counts nth per tenant, vendor and operation, and keeps tenants apart', () => {
    const { jobs } = engineWith({ duration: '10s' });
    const a1 = jobs.start('a', 'vcenter', { operation: 'backup' });
    const a2 = jobs.start('a', 'vcenter', { operation: 'backup' });
    const b1 = jobs.start('b', 'vcenter', { operation: 'backup' });
    expect([a1.nth, a2.nth, b1.nth]).toEqual([1, 2, 1]);
    expect(jobs.list({ tenant: 'a' })).toHaveLength(2);
    expect(jobs.list({ tenant: 'b' }).map((j) => j.id)).toEqual([b1.id]);
    jobs.removeTenant('a');
    expect(jobs.list({ tenant: 'a' })).toHaveLength(0);
    expect(jobs.list({ tenant: 'b' })).toHaveLength(1);
  });

  it('snapshot and restore keep jobs running on their timelines', () => {
    const { clock, jobs } = engineWith({ duration: '100s' });
    jobs.start('t', 'vcenter', { id: 'x1', operation: 'backup' });
    clock.advance('30s');
    const snap = JSON.parse(JSON.stringify(jobs.snapshot()));
    jobs.clear();
    expect(jobs.get('t', 'vcenter', 'x1')).toBeUndefined();
    jobs.restore(snap);
    const restored = jobs.get('t', 'vcenter', 'x1')!;
    expect(restored).toMatchObject({ state: 'running', progress: 30 });
    clock.advance('69s');
    expect(restored.state).toBe('running');
    clock.advance('1s');
    expect(restored.state).toBe('succeeded');
  });

  it('a job whose timeline ends it at its start (refused at once) has ended then, also when it started in the past', () => {
    const { clock, jobs } = engineWith([{ after: '0s', state: 'failed', message: 'busy' }]);
    clock.advance('1h');
    const now = jobs.start('t', 'vcenter', { operation: 'backup' });
    expect(now).toMatchObject({ state: 'failed', message: 'busy', endedAt: 3_600_000 });
    const past = jobs.start('t', 'vcenter', { operation: 'backup', at: 600_000 });
    expect(past).toMatchObject({ state: 'failed', startedAt: 600_000, endedAt: 600_000 });
  });
});
