/** The routes closest to an unmatched request, for the journal and strict-mode errors. */
export function nearestRoutes(routes: string[], method: string, path: string, max = 3): string[] {
  const want = path.toLowerCase().split('/').filter(Boolean);
  const scored = routes.map((r) => {
    const [m, p] = r.split(' ');
    const segs = p.toLowerCase().split('/').filter(Boolean);
    let score = 0;
    for (let i = 0; i < Math.max(segs.length, want.length); i++) {
      const a = segs[i];
      const b = want[i];
      if (a === undefined || b === undefined) score -= 1;
      else if (a === b) score += 3;
      else if (a.startsWith(':')) score += 1;
      else score -= 2;
    }
    if (m === method) score += 1;
    return { r, score };
  });
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, max)
    .map((s) => s.r);
}
