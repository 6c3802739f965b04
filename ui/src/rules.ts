import { html, nothing } from 'lit';
import { api, ApiError } from './api';
import { messageOf, StoreView } from './base';
import { store } from './store';
import type { Rule } from './types';

const ACTIONS = ['error', 'status', 'fault', 'delay', 'invalidateAuth'] as const;
type ActionKind = (typeof ACTIONS)[number];
const FAULTS = ['connection_reset', 'empty_response', 'malformed_chunk', 'random_data_then_close', 'drop', 'garbage_packet'];

function actionOf(r: Rule): string {
  const { id: _i, name: _n, match: _m, seen: _s, fired: _f, times: _t, skip: _k, ...action } = r;
  return JSON.stringify(action);
}

/** The live rules with their hit counts; add one (a form, or the scenario rule shape as JSON) or remove one. */
export class RulesView extends StoreView {
  private kind: ActionKind = 'error';
  private error = '';
  private operations = new Map<string, string[]>();
  private vendor = '';

  private async loadOperations(vendor: string): Promise<void> {
    this.vendor = vendor;
    if (vendor && !this.operations.has(vendor)) {
      try {
        const r = await api.get<{ operations: Array<{ name: string }> }>(`/vendors/${encodeURIComponent(vendor)}/operations`);
        this.operations.set(vendor, r.operations.map((o) => o.name));
      } catch {
        this.operations.set(vendor, []);
      }
    }
    this.requestUpdate();
  }

  private ruleFromForm(form: HTMLFormElement): Record<string, unknown> {
    const v = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value.trim() ?? '';
    const match: Record<string, unknown> = {};
    for (const field of ['vendor', 'operation', 'tenant', 'path', 'method']) if (v(field)) match[field] = v(field);
    const rule: Record<string, unknown> = { match };
    if (v('name')) rule.name = v('name');
    const value = v('value');
    if (this.kind === 'error') rule.respond = { error: value, ...(v('message') ? { message: v('message') } : {}) };
    else if (this.kind === 'status') rule.respond = { status: Number(value), ...(v('message') ? { body: v('message') } : {}) };
    else if (this.kind === 'fault') rule.fault = value;
    else if (this.kind === 'delay') rule.delay = value;
    else rule.invalidateAuth = true;
    if (v('times')) rule.times = Number(v('times'));
    if (v('skip')) rule.skip = Number(v('skip'));
    return rule;
  }

  private async add(e: Event): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const json = (form.elements.namedItem('json') as HTMLTextAreaElement | null)?.value.trim();
    let rule: unknown;
    try {
      rule = json ? JSON.parse(json) : this.ruleFromForm(form);
    } catch (err) {
      this.error = `not JSON: ${messageOf(err)}`;
      this.requestUpdate();
      return;
    }
    try {
      await api.post('/rules', rule);
      this.error = '';
      await store.refreshRules();
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : messageOf(err);
    }
    this.requestUpdate();
  }

  private async removeRule(id: number): Promise<void> {
    try {
      await api.del(`/rules/${id}`);
      await store.refreshRules();
    } catch (err) {
      this.error = messageOf(err);
      this.requestUpdate();
    }
  }

  private valueField() {
    switch (this.kind) {
      case 'error':
        return html`<label>error name <input name="value" required placeholder="DBS.201015, FEATURE_IN_USE..." /></label>
          <label>message <input name="message" placeholder="(the vendor's default)" /></label>`;
      case 'status':
        return html`<label>status <input name="value" required type="number" min="200" max="599" value="503" /></label>
          <label>body <input name="message" placeholder="(empty)" /></label>`;
      case 'fault':
        return html`<label>fault <select name="value">${FAULTS.map((f) => html`<option>${f}</option>`)}</select></label>`;
      case 'delay':
        return html`<label>delay <input name="value" required placeholder="2s" /></label>`;
      default:
        return nothing;
    }
  }

  override render() {
    const ops = this.operations.get(this.vendor) ?? [];
    return html`<section class="card">
        <h2>Live rules <span class="muted">checked in order before the vendor answers; the first live match acts</span></h2>
        ${store.rules.length === 0 ? html`<p class="muted empty">No rules.</p>` : nothing}
        <div class="table-wrap">
          <table class="rules">
            ${store.rules.length
              ? html`<thead><tr><th>id</th><th>name</th><th>match</th><th>action</th><th>times</th><th>seen</th><th>fired</th><th></th></tr></thead>`
              : nothing}
            <tbody>
              ${store.rules.map(
                (r) => html`<tr data-rule=${r.id}>
                  <td>${r.id}</td>
                  <td>${r.name ?? `rule#${r.id}`}</td>
                  <td><code>${JSON.stringify(r.match)}</code></td>
                  <td><code>${actionOf(r)}</code></td>
                  <td>${r.times ?? '∞'}${r.skip ? ` (skip ${r.skip})` : ''}</td>
                  <td class="seen">${r.seen}</td>
                  <td class="fired">${r.fired}</td>
                  <td><button @click=${() => this.removeRule(r.id)} aria-label="remove rule ${r.id}">Remove</button></td>
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card">
        <h2>Add a rule</h2>
        <form class="rule-form" @submit=${(e: Event) => this.add(e)}>
          <fieldset>
            <legend>match</legend>
            <label>vendor <select name="vendor" @change=${(e: Event) => this.loadOperations((e.target as HTMLSelectElement).value)}>
              <option value="">any</option>${store.vendors.map((v) => html`<option value=${v.name}>${v.name}</option>`)}
            </select></label>
            <label>operation <input name="operation" list="rule-operations" placeholder="CreateManualBackup, job.create, re:^job\\." /></label>
            <datalist id="rule-operations">${ops.map((o) => html`<option value=${o}></option>`)}</datalist>
            <label>tenant <input name="tenant" placeholder="any" /></label>
            <label>method <input name="method" placeholder="any" size="6" /></label>
            <label>path <input name="path" placeholder="any (or re:...)" /></label>
          </fieldset>
          <fieldset>
            <legend>action</legend>
            <label>kind <select name="kind" @change=${(e: Event) => {
              this.kind = (e.target as HTMLSelectElement).value as ActionKind;
              this.requestUpdate();
            }}>${ACTIONS.map((a) => html`<option ?selected=${a === this.kind}>${a}</option>`)}</select></label>
            ${this.valueField()}
            <label>times <input name="times" type="number" min="1" placeholder="∞" size="4" /></label>
            <label>skip <input name="skip" type="number" min="0" placeholder="0" size="4" /></label>
            <label>name <input name="name" placeholder="rule#N" /></label>
          </fieldset>
          <details>
            <summary>or write the rule as JSON (the scenario rule shape)</summary>
            <textarea name="json" rows="6" placeholder='{"match": {"vendor": "dds", "operation": "CreateManualBackup"}, "respond": {"error": "DBS.201015"}, "times": 1}'></textarea>
          </details>
          <button type="submit" class="primary">Add rule</button>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        </form>
      </section>`;
  }
}
customElements.define('bm-rules', RulesView);
