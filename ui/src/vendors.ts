import { html, nothing } from 'lit';
import { StoreView } from './base';
import { store } from './store';

/** Every vendor's listeners and the demo logins of the tenant the page follows. */
export class VendorsView extends StoreView {
  override render() {
    return html`<div class="vendors">
      ${store.vendors.map(
        (v) => html`<section class="card vendor ${v.enabled ? '' : 'disabled'}" data-vendor=${v.name}>
          <h2>${v.title} <span class="muted">${v.name}${v.enabled ? '' : ' · not served'}</span></h2>
          <dl>
            ${Object.entries(v.urls).map(([name, url]) => html`<dt>${name}</dt><dd><code>${url}</code></dd>`)}
            ${v.logins.length ? html`<dt>login</dt>${v.logins.map((l) => html`<dd><code>${l}</code></dd>`)}` : nothing}
          </dl>
        </section>`,
      )}
      <p class="muted">Logins of tenant <b>${store.focusTenant}</b> (a tenant the scenario does not declare has the first tenant's).</p>
    </div>`;
  }
}
customElements.define('bm-vendors', VendorsView);
