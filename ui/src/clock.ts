import { html, nothing } from 'lit';
import { api } from './api';
import { messageOf, StoreView } from './base';
import { dateTime } from './format';
import { store } from './store';

const STEPS = ['1s', '10s', '1m', '10m', '1h', '1d'];
const MODES = ['manual', 'real', 'x10', 'x60', 'x600'];

function modeName(mode: string, scale: number): string {
  return mode === 'scaled' ? `x${scale}` : mode;
}

/** The virtual clock the page follows (the tenant's own, or the shared one): advance, set, mode. */
export class ClockView extends StoreView {
  private error = '';

  private async run(path: string, body: unknown): Promise<void> {
    try {
      await api.post(`${path}${store.clockQuery()}`, body);
      this.error = '';
      await store.refreshClock();
    } catch (e) {
      this.error = messageOf(e);
    }
    this.requestUpdate();
  }

  private setTo(e: Event): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('to') as HTMLInputElement;
    if (input.value) void this.run('/clock/set', { to: `${input.value}Z` });
  }

  private advanceBy(e: Event): void {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('by') as HTMLInputElement;
    if (input.value.trim()) void this.run('/clock/advance', { by: input.value.trim() });
  }

  override render() {
    const c = store.clock;
    if (!c) return html`<span class="muted">clock…</span>`;
    const mode = modeName(c.mode, c.scale);
    const whose = c.own ? `${c.tenant}'s own clock` : 'shared clock';
    return html`<div class="clock" data-mode=${mode}>
      <div class="clock-now">
        <time class="now" datetime=${new Date(store.now()).toISOString()}>${dateTime(store.now())}</time>
        <span class="muted">${whose} · virtual UTC</span>
      </div>
      <label class="clock-mode">mode
        <select name="mode" @change=${(e: Event) => this.run('/clock/mode', { mode: (e.target as HTMLSelectElement).value })}>
          ${[...new Set([mode, ...MODES])].map((m) => html`<option ?selected=${m === mode}>${m}</option>`)}
        </select>
      </label>
      <div class="clock-advance" role="group" aria-label="advance the clock">
        ${STEPS.map((s) => html`<button data-advance=${s} @click=${() => this.run('/clock/advance', { by: s })}>+${s}</button>`)}
      </div>
      <form class="clock-form" @submit=${(e: Event) => this.advanceBy(e)}>
        <input name="by" placeholder="1h30m" size="6" aria-label="advance by" /><button>Advance</button>
      </form>
      <form class="clock-form" @submit=${(e: Event) => this.setTo(e)}>
        <input name="to" type="datetime-local" step="1" aria-label="set the clock to" /><button>Set</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </div>`;
  }
}
customElements.define('bm-clock', ClockView);
