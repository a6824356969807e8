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

export function count(v) {
  return v === null || v === undefined ? '–' : String(Math.round(v));
}

export function percent(v) {
  return v === null || v === undefined ? '–' : (100 * v).toFixed(2) + '%';
}

export function seconds(v) {
  if (v === null || v === undefined) return '–';
  if (v >= 1) return v.toFixed(2) + 's';
  if (v >= 1e-3) return (v * 1e3).toFixed(2) + 'ms';
  return (v * 1e6).toFixed(1) + 'µs';
}

export function time(unixSeconds) {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}
