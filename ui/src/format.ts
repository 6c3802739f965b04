/** Virtual times as the page prints them (UTC, as the harness's ids and timestamps are). */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function dateTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

export function timeOfIso(iso: string): string {
  return iso.slice(11, 23);
}

/** 90500 -> "1m 30s"; under a second "0.5s". */
export function duration(ms: number): string {
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${(ms / 1000).toFixed(1)}s`;
  let s = Math.round(ms / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`, s && `${s}s`].filter(Boolean).join(' ') || '0s';
}

export function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** JSON indented, XML one element a line: bodies as people read them. Anything else as it came. */
export function pretty(body: string, contentType = ''): string {
  const text = body.trim();
  if (text === '') return '';
  if (contentType.includes('json') || text.startsWith('{') || text.startsWith('[') || text.startsWith('"')) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // not JSON after all (or cut short): shown as it is
    }
  }
  if (text.startsWith('<')) return prettyXml(text);
  return body;
}

/** Indent XML by its tags (packets may hold several documents separated by NUL). */
export function prettyXml(xml: string): string {
  const tokens = xml.replace(/\u0000/g, '\n').match(/<[^>]+>|[^<]+/g) ?? [];
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      out.push(`${'  '.repeat(depth)}${t}`);
    } else if (t.startsWith('<')) {
      const selfClosing = t.endsWith('/>') || t.startsWith('<?') || t.startsWith('<!');
      // <a>text</a> stays on one line.
      const text = tokens[i + 1];
      const close = tokens[i + 2];
      if (!selfClosing && text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
        out.push(`${'  '.repeat(depth)}${t}${text.trim()}${close}`);
        i += 2;
        continue;
      }
      out.push(`${'  '.repeat(depth)}${t}`);
      if (!selfClosing) depth++;
    } else if (t.trim() !== '') {
      out.push(`${'  '.repeat(depth)}${t.trim()}`);
    }
  }
  return out.join('\n');
}

export function statusClass(status: number): string {
  if (status === 0) return 'st-none';
  if (status >= 500) return 'st-5xx';
  if (status >= 400) return 'st-4xx';
  return 'st-2xx';
}
