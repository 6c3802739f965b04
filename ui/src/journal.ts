import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { api } from './api';
import { messageOf, StoreView } from './base';
import { bytes, pretty, statusClass, timeOfIso } from './format';
import { store } from './store';
import type { JournalBrief, JournalEntry } from './types';

/** Every row is this tall (app.css .jrow), so the list draws only the rows in view. */
const ROW = 28;
const OVERSCAN = 10;

interface Filters {
  vendor: string;
  operation: string;
  status: string;
  text: string;
}

function statusMatches(s: number, want: string): boolean {
  if (want === '') return true;
  if (want === 'ok') return s >= 200 && s < 400;
  if (want === '4xx') return s >= 400 && s < 500;
  if (want === '5xx') return s >= 500;
  if (want === 'none') return s === 0;
  return String(s) === want;
}

function headerLines(h: Record<string, string>) {
  const entries = Object.entries(h);
  return entries.length === 0 ? html`<p class="muted">no headers</p>` : html`<pre class="headers">${entries.map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>`;
}

/** The request journal: filters, a virtualised list (newest first), and one entry's request, answer and rule. */
export class JournalView extends StoreView {
  private filters: Filters = { vendor: '', operation: '', status: '', text: '' };
  private listTop = 0;
  private viewport = 480;
  private selected: JournalEntry | undefined;
  private detailError = '';
  private filtered: JournalBrief[] = [];
  private resize = new ResizeObserver(() => this.measure());

  override firstUpdated(): void {
    const list = this.querySelector('.jlist');
    if (list) this.resize.observe(list);
    this.measure();
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    super.disconnectedCallback();
  }

  private measure(): void {
    const list = this.querySelector<HTMLElement>('.jlist');
    if (list && list.clientHeight !== this.viewport) {
      this.viewport = list.clientHeight || 480;
      this.requestUpdate();
    }
  }

  private set(field: keyof Filters, value: string): void {
    this.filters = { ...this.filters, [field]: value };
    this.requestUpdate();
  }

  private async open(id: number): Promise<void> {
    try {
      this.selected = await api.get<JournalEntry>(`/journal/${id}`);
      this.detailError = '';
    } catch (e) {
      this.detailError = messageOf(e);
    }
    this.requestUpdate();
  }

  private apply(): JournalBrief[] {
    const f = this.filters;
    const text = f.text.toLowerCase();
    const out: JournalBrief[] = [];
    // Newest first.
    for (let i = store.journal.length - 1; i >= 0; i--) {
      const e = store.journal[i];
      if (store.tenant !== '*' && e.tenant !== store.tenant) continue;
      if (f.vendor && e.vendor !== f.vendor) continue;
      if (f.operation && !e.operation.toLowerCase().includes(f.operation.toLowerCase())) continue;
      if (!statusMatches(e.status, f.status)) continue;
      if (text && !`${e.method} ${e.path} ${e.rule ?? ''}`.toLowerCase().includes(text)) continue;
      out.push(e);
    }
    return out;
  }

  private detail() {
    const e = this.selected;
    if (this.detailError) return html`<p class="error">${this.detailError}</p>`;
    if (!e) return html`<p class="muted">Pick a request to see it and its answer.</p>`;
    const rule = e.rule ? store.rules.find((r) => (r.name ?? `rule#${r.id}`) === e.rule) : undefined;
    const reqType = e.headers['content-type'] ?? '';
    const resType = e.response?.headers['content-type'] ?? '';
    return html`<article class="jdetail" data-entry=${e.id}>
      <h3><span class=${`status ${statusClass(e.status)}`}>${e.status || 'no answer'}</span> ${e.method} ${e.path}</h3>
      <p class="muted">
        #${e.id} · ${e.vendor} ${e.listener} · tenant ${e.tenant} · ${e.operation} · ${e.durationMs} ms · virtual ${e.virtualTime} · wall ${e.wallTime}
      </p>
      ${e.rule
        ? html`<div class="rule-acted">
            rule that acted: <b>${e.rule}</b>${e.fault ? html` · fault <b>${e.fault}</b>` : nothing}
            ${rule ? html`<pre>${JSON.stringify({ match: rule.match, ...Object.fromEntries(Object.entries(rule).filter(([k]) => !['id', 'match', 'seen', 'fired'].includes(k))) }, null, 2)}</pre>` : html`<span class="muted">(no longer live)</span>`}
          </div>`
        : nothing}
      ${e.nearest?.length ? html`<p>no route matched; nearest: ${e.nearest.join(', ')}</p>` : nothing}
      <h4>Request</h4>
      ${Object.keys(e.query).length ? html`<pre class="headers">${Object.entries(e.query).map(([k, v]) => `?${k}=${v}`).join('\n')}</pre>` : nothing}
      ${headerLines(e.headers)}
      ${e.body ? html`<pre class="body">${pretty(e.body, reqType)}</pre>` : html`<p class="muted">no body</p>`}
      ${e.bodyTruncated ? html`<p class="muted">body cut at the journal's maxBodyBytes (${bytes(e.bodyBytes)} in all)</p>` : nothing}
      <h4>Answer</h4>
      ${e.response
        ? html`${headerLines(e.response.headers)}
          ${e.response.streamed ? html`<p class="muted">a chunked answer that followed the virtual clock (chunks not kept)</p>` : nothing}
          ${e.response.body ? html`<pre class="body">${pretty(e.response.body, resType)}</pre>` : html`<p class="muted">no body</p>`}
          ${e.response.bodyTruncated ? html`<p class="muted">answer cut at the journal's maxBodyBytes (${bytes(e.response.bodyBytes)} in all)</p>` : nothing}`
        : html`<p class="muted">nothing was sent${e.fault ? ` (fault ${e.fault})` : ''}</p>`}
    </article>`;
  }

  override render() {
    this.filtered = this.apply();
    const rows = this.filtered;
    const first = Math.max(0, Math.floor(this.listTop / ROW) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((this.listTop + this.viewport) / ROW) + OVERSCAN);
    const f = this.filters;
    const vendors = [...new Set(store.vendors.map((v) => v.name))];
    return html`<div class="journal">
      <div class="jpane">
        <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
          <label>vendor <select name="vendor" @change=${(e: Event) => this.set('vendor', (e.target as HTMLSelectElement).value)}>
            <option value="">all</option>${vendors.map((v) => html`<option ?selected=${f.vendor === v}>${v}</option>`)}
          </select></label>
          <label>operation <input name="operation" .value=${f.operation} @input=${(e: Event) => this.set('operation', (e.target as HTMLInputElement).value)} placeholder="job.get" /></label>
          <label>status <select name="status" @change=${(e: Event) => this.set('status', (e.target as HTMLSelectElement).value)}>
            <option value="">all</option><option value="ok">2xx/3xx</option><option value="4xx">4xx</option><option value="5xx">5xx</option><option value="none">no answer</option>
          </select></label>
          <label>text <input name="text" type="search" .value=${f.text} @input=${(e: Event) => this.set('text', (e.target as HTMLInputElement).value)} placeholder="path or rule" /></label>
          <span class="muted count">${rows.length} of ${store.journal.length}</span>
        </form>
        <div class="jrow jhead" aria-hidden="true"><span>virtual time</span><span>vendor</span><span>tenant</span><span>operation</span><span>status</span><span>request</span></div>
        <div class="jlist" role="list" aria-label="journal" @scroll=${(e: Event) => {
          this.listTop = (e.target as HTMLElement).scrollTop;
          this.requestUpdate();
        }}>
          <div class="jspace" style=${styleMap({ height: `${rows.length * ROW}px` })}>
            <div class="jwindow" style=${styleMap({ transform: `translateY(${first * ROW}px)` })}>
              ${rows.slice(first, last).map(
                (e) => html`<div
                  class="jrow ${this.selected?.id === e.id ? 'selected' : ''}"
                  role="listitem"
                  tabindex="0"
                  data-id=${e.id}
                  data-tenant=${e.tenant}
                  @click=${() => this.open(e.id)}
                  @keydown=${(k: KeyboardEvent) => k.key === 'Enter' && this.open(e.id)}
                >
                  <span class="t">${timeOfIso(e.virtualTime)}</span><span>${e.vendor}</span><span class="tenant">${e.tenant}</span><span class="op">${e.operation}</span
                  ><span class=${`status ${statusClass(e.status)}`}>${e.status || '—'}</span><span class="path">${e.method} ${e.path}${e.rule ? html` <span class="badge rule">${e.rule}</span>` : nothing}</span>
                </div>`,
              )}
            </div>
          </div>
        </div>
      </div>
      <div class="jside">${this.detail()}</div>
    </div>`;
  }
}
customElements.define('bm-journal', JournalView);
