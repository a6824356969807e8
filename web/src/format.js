// Numbers for people, as gomem's text reports print them: sizes in 1024 steps with pprof's labels (kB, MB, GB).

export function bytes(v) {
  if (v === null || v === undefined) return '–';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let x = Math.abs(v), u = 0;
  while (x >= 1024 && u < units.length - 1) { x /= 1024; u++; }
  let s = x.toFixed(2);
  if (s.endsWith('.00')) s = s.slice(0, -3);
  return (v < 0 ? '-' : '') + s + units[u];
}

// Whole counts as they are; an axis tick between two counts keeps its fraction.
export function count(v) {
  if (v === null || v === undefined) return '–';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
}

// Shares as percentages: two decimals, or three significant digits under 1% (a GC's CPU share is often 0.0x%).
export function percent(v) {
  if (v === null || v === undefined) return '–';
  const p = 100 * v;
  return (Math.abs(p) >= 1 || p === 0 ? p.toFixed(2) : String(Number(p.toPrecision(3)))) + '%';
}

// Durations with three significant digits in the largest unit under them: 1.25s, 3.4ms, 150µs, 41.2ns.
export function seconds(v) {
  if (v === null || v === undefined) return '–';
  const a = Math.abs(v);
  const [scale, unit] = a >= 1 || a === 0 ? [1, 's'] : a >= 1e-3 ? [1e3, 'ms'] : a >= 1e-6 ? [1e6, 'µs'] : [1e9, 'ns'];
  return String(Number((v * scale).toPrecision(3))) + unit;
}

// Other numbers compactly: 1.23k, 45.6M, 7.89G.
export function compact(v) {
  if (v === null || v === undefined) return '–';
  const a = Math.abs(v);
  for (const [scale, unit] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']]) {
    if (a >= scale) return String(Number((v / scale).toPrecision(3))) + unit;
  }
  return String(Number(v.toPrecision(4)));
}

export function time(unixSeconds) {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}
