import { html, nothing } from 'lit';
import { api, ApiError } from './api';
import { messageOf, StoreView } from './base';
import { store } from './store';
import type { ScenarioIssue } from './types';

/** The loaded scenario as YAML, editable; loading it answers problems at their line, shown beside the text. */
export class ScenarioView extends StoreView {
  private text = '';
  private issues: ScenarioIssue[] = [];
  private note = '';
  private dirty = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  private async reload(): Promise<void> {
    try {
      const res = await fetch('/scenario?format=yaml', { headers: { accept: 'application/yaml' } });
      this.text = await res.text();
      this.issues = [];
      this.dirty = false;
      this.note = '';
    } catch (e) {
      this.note = messageOf(e);
    }
    this.requestUpdate();
  }

  private async load(): Promise<void> {
    const area = this.querySelector<HTMLTextAreaElement>('textarea');
    if (!area) return;
    this.text = area.value;
    try {
      const r = await api.postYaml<{ name: string | null; tenants: string[] }>('/scenario', this.text);
      this.issues = [];
      this.dirty = false;
      this.note = `loaded ${r.name ?? '(unnamed)'}: tenants ${r.tenants.join(', ')}; state, jobs and rules start afresh`;
      await store.refresh();
    } catch (e) {
      this.issues = e instanceof ApiError && Array.isArray(e.body.issues) ? (e.body.issues as ScenarioIssue[]) : [];
      this.note = this.issues.length ? `not loaded: ${this.issues.length} problem(s); the running scenario stays` : messageOf(e);
    }
    this.requestUpdate();
  }

  /** Put the caret on an issue's line and column. */
  private goTo(issue: ScenarioIssue): void {
    const area = this.querySelector<HTMLTextAreaElement>('textarea');
    if (!area || issue.line === undefined) return;
    const lines = area.value.split('\n');
    let offset = 0;
    for (let i = 0; i < issue.line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    offset += Math.max(0, (issue.col ?? 1) - 1);
    area.focus();
    area.setSelectionRange(offset, offset);
    area.scrollTop = Math.max(0, (issue.line - 5) * 18);
    this.syncGutter();
  }

  private syncGutter(): void {
    const area = this.querySelector<HTMLTextAreaElement>('textarea');
    const gutter = this.querySelector<HTMLElement>('.gutter');
    if (area && gutter) gutter.scrollTop = area.scrollTop;
  }

  override render() {
    const lineCount = this.text.split('\n').length;
    const bad = new Map<number, string>();
    for (const i of this.issues) if (i.line !== undefined) bad.set(i.line, `${bad.has(i.line) ? `${bad.get(i.line)}; ` : ''}${i.path}: ${i.message}`);
    return html`<section class="card scenario">
      <h2>Scenario <span class="muted">the loaded scenario as YAML (includes merged, defaults filled in)</span></h2>
      <div class="editor">
        <div class="gutter" aria-hidden="true">
          ${Array.from({ length: lineCount }, (_, n) => html`<div class=${bad.has(n + 1) ? 'bad' : ''} title=${bad.get(n + 1) ?? ''}>${n + 1}</div>`)}
        </div>
        <textarea
          spellcheck="false"
          aria-label="scenario YAML"
          .value=${this.text}
          @scroll=${() => this.syncGutter()}
          @input=${(e: Event) => {
            const v = (e.target as HTMLTextAreaElement).value;
            if (v.split('\n').length !== lineCount) {
              this.text = v;
              this.requestUpdate();
            }
            this.dirty = true;
          }}
        ></textarea>
      </div>
      <div class="actions">
        <button class="primary" @click=${() => this.load()}>Load scenario</button>
        <button @click=${() => this.reload()}>Revert to the loaded one</button>
        ${this.dirty ? html`<span class="muted">edited, not loaded</span>` : nothing}
      </div>
      ${this.note ? html`<p class=${this.issues.length ? 'error' : 'muted'} role="status">${this.note}</p>` : nothing}
      ${this.issues.length
        ? html`<ul class="issues">
            ${this.issues.map(
              (i) => html`<li>
                <button class="link" @click=${() => this.goTo(i)}>line ${i.line ?? '?'}:${i.col ?? '?'}</button>
                <code>${i.path}</code> ${i.message}
              </li>`,
            )}
          </ul>`
        : nothing}
    </section>`;
  }
}
customElements.define('bm-scenario', ScenarioView);
