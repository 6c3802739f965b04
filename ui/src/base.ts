import { LitElement } from 'lit';
import { store } from './store';

/**
 * A view of the store: light DOM (so the one stylesheet, app.css, styles every view and the
 * page needs no inline styles under its Content-Security-Policy), redrawn when the store changes.
 */
export class StoreView extends LitElement {
  private readonly onChange = () => this.requestUpdate();

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    store.addEventListener('change', this.onChange);
  }

  override disconnectedCallback(): void {
    store.removeEventListener('change', this.onChange);
    super.disconnectedCallback();
  }
}

/** The message of a failed call, for the view's error line. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
