// A target's findings: what the collector found, and for a leak the verdict of gomem leak on the stored window
// (growth per minute, first-seen time, the stack at the site), each linked to the diff of that window's first third
// against its last third (the leaking function on top).
import { unix } from './charts.js';
import { el, hashOf } from './dom.js';
import { bytes } from './format.js';

function growth(verdict) {
  const v = verdict.growthPerMinute;
  return (v > 0 ? '+' : '') + (verdict.unit === 'bytes' ? bytes(v) : v.toFixed(1) + ' ' + verdict.unit) + '/min';
}

// The diff's address: its ranges, kind and the site to mark; the charts' span widened to show the ranges when needed.
function diffHref(id, link, series) {
  const params = new URLSearchParams();
  const from = unix(link.baseFrom), to = unix(link.newTo);
  if (from < unix(series.from) || to > unix(series.to)) {
    const pad = Math.max(60, (to - from) / 2);
    params.set('from', new Date((from - pad) * 1000).toISOString());
    params.set('to', new Date((to + pad) * 1000).toISOString());
  }
  params.set('kind', link.kind);
  params.set('base', link.baseFrom + '~' + link.baseTo);
  params.set('new', link.newFrom + '~' + link.newTo);
  if (link.search) params.set('search', link.search);
  return hashOf('/target/' + id, params);
}

function stack(frames) {
  if (frames.length === 0) return '';
  return el('details', { class: 'stack' }, el('summary', {}, 'stack (' + frames.length + ' frames)'),
    el('ol', {}, frames.map((f) => el('li', {}, el('span', { class: 'fn' }, f.function), f.line > 0 ? ' ' + f.file + ':' + f.line : ''))));
}

export function findingsTable(findings, id, series) {
  if (findings.length === 0) return el('p', { class: 'ok' }, 'No finding.');
  return el('table', { class: 'findings-table' },
    el('thead', {}, el('tr', {}, ['', 'finding', 'growth', 'first seen', 'last seen', 'diff'].map((h) => el('th', {}, h)))),
    el('tbody', {}, findings.map((f) => el('tr', { class: 'finding ' + f.severity + (f.resolvedAt ? ' resolved' : ''), 'data-testid': 'finding' },
      el('td', {}, el('b', {}, f.code), el('div', { class: 'note' }, f.severity + (f.resolvedAt ? ', resolved ' + f.resolvedAt : ''))),
      el('td', {}, el('div', {}, f.title), el('div', { class: 'note' }, f.detail),
        f.verdict ? stack(f.verdict.stack) : el('div', { class: 'note' }, 'gomem leak finds no such growth on the stored profiles of the window ending at its last-seen time.')),
      el('td', { class: 'num' }, f.verdict ? growth(f.verdict) : '–'),
      el('td', {}, f.firstSeen), el('td', {}, f.lastSeen),
      el('td', {}, f.diff ? el('a', { href: diffHref(id, f.diff, series), 'data-testid': 'finding-diff' }, 'show the diff') : '–')))));
}
