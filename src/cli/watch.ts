import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { Harness } from '../harness';
import type { LogEvent } from '../log';
import { expandIncludes } from '../scenario/includes';
import { ScenarioError } from '../scenario/load';
import { sourceOf } from '../scenario/sources';

/**
 * Calls `onChange` (debounced) when one of `files` changes. It watches the files' folders, not
 * the files: an editor's atomic save (vim, `sed -i`, JetBrains' safe write) replaces the file
 * with a new one, and a watch on the old file would see nothing after the first save. `update`
 * swaps in a new list of files after a reload (includes added or dropped); `anyChange` makes
 * every change in those folders count, for when the last reload failed (an include that does
 * not exist yet may appear under any name).
 */
export class ScenarioWatcher {
  private folders = new Map<string, FSWatcher>();
  private names = new Set<string>();
  private timer?: NodeJS.Timeout;
  anyChange = false;

  constructor(
    files: readonly string[],
    private readonly onChange: () => void,
    private readonly debounceMs = 150,
  ) {
    this.update(files);
  }

  update(files: readonly string[]): void {
    const abs = files.map((f) => resolve(f));
    this.names = new Set(abs);
    const wanted = new Set(abs.map((f) => dirname(f)));
    for (const [dir, w] of this.folders) {
      if (!wanted.has(dir)) {
        w.close();
        this.folders.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.folders.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => this.seen(dir, name));
        w.on('error', () => this.folders.delete(dir));
        this.folders.set(dir, w);
      } catch {
        // a folder that is gone: its files are reported missing by the next reload
      }
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.folders.values()) w.close();
    this.folders.clear();
  }

  private seen(dir: string, name: string | Buffer | null): void {
    // No name (some platforms): it may have been one of ours.
    if (!this.anyChange && name !== null && !this.names.has(resolve(dir, basename(name.toString())))) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onChange(), this.debounceMs);
    this.timer.unref();
  }
}

/**
 * `serve --watch`: reload the scenario files, with their includes as they are now, when one
 * changes. An invalid edit is reported (once, not at every later change) and the scenario in
 * force stays.
 */
export function watchScenario(harness: Harness, files: string[], override: Record<string, unknown> | undefined, report: (e: LogEvent) => void): ScenarioWatcher {
  let lastError = '';
  const reload = () => {
    try {
      const sources = expandIncludes(files);
      watcher.update(sources.map((s) => s.file));
      harness.replaceScenario([...sources, ...(override ? [sourceOf(override, '--set')] : [])]);
      watcher.anyChange = false;
      lastError = '';
      report({ kind: 'info', message: `scenario reloaded from ${files.join(', ')}` });
    } catch (e) {
      watcher.anyChange = true;
      const message = e instanceof ScenarioError ? `scenario not reloaded:\n${e.message}` : `scenario not reloaded: ${String(e)}`;
      if (message !== lastError) report({ kind: 'error', message });
      lastError = message;
    }
  };
  const watcher = new ScenarioWatcher(
    expandIncludes(files).map((s) => s.file),
    reload,
  );
  return watcher;
}
