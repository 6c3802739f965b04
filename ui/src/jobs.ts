import { html, nothing } from 'lit';
import { api, query } from './api';
import { messageOf, StoreView } from './base';
import { clockTime, duration } from './format';
import { store } from './store';
import type { Job, TimelineStep } from './types';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);
/** Finished jobs shown per vendor before "show all" (running ones are always shown). */
const FINISHED_SHOWN = 20;

/** When a step is due on the job's clock: start + time suspended + the step's offset (none while suspended). */
function dueAt(job: Job, step: TimelineStep): number | undefined {
  if (job.state === 'suspended') return undefined;
  return (job.startedAt ?? job.createdAt) + job.pausedMs + step.at;
}

function describeStep(s: TimelineStep): string {
  const parts: string[] = [];
  if (s.state) parts.push(s.state);
  if (s.progress !== undefined) parts.push(`${s.progress}%`);
  if (s.phase) parts.push(s.phase);
  if (s.status) parts.push(`"${s.status}"`);
  if (s.message) parts.push(`- ${s.message}`);
  return parts.join(' ') || '(no change)';
}

/** Jobs per vendor with live progress, the vendor's status word, what comes next, and controls. */
export class JobsView extends StoreView {
  private expanded = new Set<string>();
  private showAll = new Set<string>();
  private error = '';

  private async act(job: Job, action: 'fail' | 'finish' | 'cancel' | 'suspend' | 'resume'): Promise<void> {
    const base = `/jobs/${encodeURIComponent(job.vendor)}/${encodeURIComponent(job.id)}`;
    const q = query({ tenant: job.tenant });
    try {
      if (action === 'fail') await api.post(`${base}/state${q}`, { state: 'failed', message: 'Failed from the backup-mocks dashboard' });
      else if (action === 'finish') await api.post(`${base}/state${q}`, { state: 'succeeded', progress: 100 });
      else await api.post(`${base}/${action}${q}`);
      this.error = '';
    } catch (e) {
      this.error = `${action} ${job.vendor} job ${job.id}: ${messageOf(e)}`;
    }
    this.requestUpdate();
  }

  private row(job: Job, now: number) {
    const key = `${job.tenant}/${job.vendor}/${job.id}`;
    const done = TERMINAL.has(job.state);
    const next = job.timeline[job.nextStep];
    const due = next ? dueAt(job, next) : undefined;
    const open = this.expanded.has(key);
    const toggle = () => {
      if (open) this.expanded.delete(key);
      else this.expanded.add(key);
      this.requestUpdate();
    };
    return html`<li class="job state-${job.state}" data-job=${job.id} data-vendor=${job.vendor} data-tenant=${job.tenant}>
      <div class="job-head">
        <span class="job-id" title="job id">${job.id}</span>
        <span class="job-op">${job.operation}${job.target ? html` <span class="muted">on ${job.target}</span>` : nothing}</span>
        <span class="badge state" title="neutral state">${job.state}</span>
        ${job.vendorStatus ? html`<span class="badge word" title="the vendor's own status word">${job.vendorStatus}</span>` : nothing}
        ${store.tenant === '*' ? html`<span class="badge tenant">${job.tenant}</span>` : nothing}
      </div>
      <div class="job-progress">
        <progress max="100" .value=${job.progress} aria-label="progress of ${job.vendor} job ${job.id}"></progress>
        <span class="pct">${Math.round(job.progress)}%</span>
      </div>
      <div class="job-detail muted">
        ${job.phase ? html`<span>${job.phase}</span>` : nothing} ${job.message ? html`<span class="job-message">${job.message}</span>` : nothing}
        ${job.error ? html`<span class="job-error">error ${job.error}</span>` : nothing}
      </div>
      <div class="job-next">
        ${done
          ? html`ended ${job.endedAt !== undefined ? clockTime(job.endedAt) : ''} after ${duration((job.endedAt ?? job.updatedAt) - (job.startedAt ?? job.createdAt) - job.pausedMs)}`
          : next
            ? due !== undefined
              ? html`next: <b>${describeStep(next)}</b> at ${clockTime(due)} <span class="muted">(in ${duration(due - now)})</span>`
              : html`suspended: the timeline waits (next: ${describeStep(next)})`
            : html`no further steps (the timeline hangs here)`}
        <button class="link" @click=${toggle} aria-expanded=${open ? 'true' : 'false'}>timeline (${job.timeline.length})</button>
      </div>
      ${open
        ? html`<ol class="timeline">
            ${job.timeline.map((s, i) => {
              const at = dueAt(job, s);
              return html`<li class=${i < job.nextStep ? 'past' : i === job.nextStep ? 'next' : ''}>
                <span class="t">+${duration(s.at)}${at !== undefined ? html` <span class="muted">${clockTime(at)}</span>` : nothing}</span> ${describeStep(s)}
              </li>`;
            })}
          </ol>`
        : nothing}
      <div class="job-actions">
        <button ?disabled=${done} @click=${() => this.act(job, 'fail')}>Fail</button>
        <button ?disabled=${done} @click=${() => this.act(job, 'cancel')}>Cancel</button>
        ${job.state === 'suspended'
          ? html`<button @click=${() => this.act(job, 'resume')}>Resume</button>`
          : html`<button ?disabled=${done} @click=${() => this.act(job, 'suspend')}>Suspend</button>`}
        <button ?disabled=${done} @click=${() => this.act(job, 'finish')}>Finish</button>
      </div>
    </li>`;
  }

  override render() {
    const now = store.now();
    const byVendor = new Map<string, Job[]>();
    for (const j of store.jobs.values()) {
      if (store.tenant !== '*' && j.tenant !== store.tenant) continue;
      (byVendor.get(j.vendor) ?? byVendor.set(j.vendor, []).get(j.vendor)!).push(j);
    }
    const vendors = store.vendors.filter((v) => v.enabled || byVendor.has(v.name));
    return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <div class="vendor-jobs">
        ${vendors.map((v) => {
          const jobs = (byVendor.get(v.name) ?? []).sort((a, b) => b.createdAt - a.createdAt || Number(b.id) - Number(a.id));
          const active = jobs.filter((j) => !TERMINAL.has(j.state));
          const finished = jobs.filter((j) => TERMINAL.has(j.state));
          const all = this.showAll.has(v.name);
          const shown = all ? finished : finished.slice(0, FINISHED_SHOWN);
          return html`<section class="card" data-vendor=${v.name}>
            <h2>${v.title} <span class="muted">${active.length} running, ${finished.length} finished</span></h2>
            ${jobs.length === 0 ? html`<p class="muted empty">No jobs yet.</p>` : nothing}
            <ul class="jobs">
              ${active.map((j) => this.row(j, now))}${shown.map((j) => this.row(j, now))}
            </ul>
            ${finished.length > shown.length
              ? html`<button
                  class="link"
                  @click=${() => {
                    this.showAll.add(v.name);
                    this.requestUpdate();
                  }}
                >
                  show ${finished.length - shown.length} more finished
                </button>`
              : nothing}
          </section>`;
        })}
      </div>`;
  }
}
customElements.define('bm-jobs', JobsView);
