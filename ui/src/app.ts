import { html, nothing } from 'lit';
import { StoreView } from './base';
import { ALL, store } from './store';

const TABS = [
  ['jobs', 'Jobs'],
  ['journal', 'Journal'],
  ['rules', 'Rules'],
  ['scenario', 'Scenario'],
  ['vendors', 'Vendors'],
] as const;
type Tab = (typeof TABS)[number][0];

function tabOfHash(): Tab {
  const t = new URLSearchParams(location.hash.slice(1)).get('tab');
  return (TABS.find(([id]) => id === t)?.[0] ?? 'jobs') as Tab;
}

/** The page: tenant picker and clock on top, one tab at a time below; every view follows the picker. */
export class App extends StoreView {
  private tab: Tab = tabOfHash();
  private ticker: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void store.start();
    // Real and scaled clocks move on their own: redraw times and countdowns once a second.
    this.ticker = setInterval(() => {
      if (store.clock && store.clock.mode !== 'manual') store.changed();
    }, 1000);
  }

  override disconnectedCallback(): void {
    clearInterval(this.ticker);
    super.disconnectedCallback();
  }

  private show(tab: Tab): void {
    this.tab = tab;
    const hash = new URLSearchParams(location.hash.slice(1));
    hash.set('tab', tab);
    history.replaceState(null, '', `#${hash}`);
    this.requestUpdate();
  }

  override render() {
    const tenants = [...new Set([store.defaultTenant, ...store.tenants])];
    return html`<header class="top">
        <div class="brand">
          <h1>backup-mocks</h1>
          <span class="live ${store.live ? 'on' : 'off'}" title=${store.live ? 'receiving events' : 'reconnecting'}>${store.live ? 'live' : 'offline'}</span>
        </div>
        <label class="tenant-picker">tenant
          <select name="tenant" @focus=${() => void store.refresh()} @change=${(e: Event) => store.setTenant((e.target as HTMLSelectElement).value)}>
            <option value=${ALL} ?selected=${store.tenant === ALL}>all tenants</option>
            ${tenants.map((t) => html`<option value=${t} ?selected=${store.tenant === t}>${t}${t === store.defaultTenant ? ' (default)' : ''}</option>`)}
          </select>
        </label>
        <bm-clock></bm-clock>
      </header>
      ${store.error ? html`<p class="error banner" role="alert">${store.error}</p>` : nothing}
      <nav class="tabs" role="tablist">
        ${TABS.map(
          ([id, label]) => html`<button role="tab" data-tab=${id} aria-selected=${this.tab === id ? 'true' : 'false'} @click=${() => this.show(id)}>
            ${label}${id === 'jobs' ? html` <span class="count">${[...store.jobs.values()].filter((j) => (store.tenant === ALL || j.tenant === store.tenant) && (j.state === 'running' || j.state === 'queued' || j.state === 'suspended')).length}</span>` : nothing}${id === 'rules' ? html` <span class="count">${store.rules.length}</span>` : nothing}
          </button>`,
        )}
      </nav>
      <main>
        ${this.tab === 'jobs' ? html`<bm-jobs></bm-jobs>` : nothing}
        ${this.tab === 'journal' ? html`<bm-journal></bm-journal>` : nothing}
        ${this.tab === 'rules' ? html`<bm-rules></bm-rules>` : nothing}
        ${this.tab === 'scenario' ? html`<bm-scenario></bm-scenario>` : nothing}
        ${this.tab === 'vendors' ? html`<bm-vendors></bm-vendors>` : nothing}
      </main>`;
  }
}
customElements.define('bm-app', App);
