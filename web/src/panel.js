// A flame graph (the code gomem flame draws with) over a table: a stored profile's top table (gomem top's rows), or a
// diff's "what grew" table (gomem diff's rows: base, new, change), with a search that marks frames in both and a
// button that focuses the profile on the frame zoomed to (gomem top --focus on that function).
import mountFlameGraph from '../../src/GoMem/Output/Profiles/flame-graph.js';
import { el } from './dom.js';
import { bytes, count } from './format.js';

export const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function searchRe(query) {
  if (!query) return null;
  try { return new RegExp(query); } catch { return new RegExp(escapeRegExp(query)); }
}

function signed(fmt, v) {
  return (v > 0 ? '+' : '') + fmt(v);
}

function pct(v, total) {
  return total === 0 ? '–' : (100 * v / Math.abs(total)).toFixed(2) + '%';
}

function topTable(top, re, testid) {
  const fmt = top.unit === 'bytes' ? bytes : count;
  return el('table', { class: 'top', 'data-testid': testid },
    el('thead', {}, el('tr', {}, ['flat', 'flat%', 'sum%', 'cum', 'cum%', 'function'].map((h) => el('th', {}, h)))),
    el('tbody', {}, top.rows.map((r) => el('tr', { class: re && re.test(r.name) ? 'match' : '' },
      el('td', { class: 'num' }, fmt(r.flat)), el('td', { class: 'num' }, r.flatPercent.toFixed(2) + '%'),
      el('td', { class: 'num' }, r.sumPercent.toFixed(2) + '%'), el('td', { class: 'num' }, fmt(r.cum)),
      el('td', { class: 'num' }, r.cumPercent.toFixed(2) + '%'), el('td', { class: 'fn' }, r.name)))));
}

// gomem diff's rows, in its order (largest change first): what each function held in the base and in the new
// range, the change, and the change of everything under it.
function grewTable(top, re, testid) {
  const fmt = top.unit === 'bytes' ? bytes : count;
  return el('table', { class: 'top grew', 'data-testid': testid },
    el('thead', {}, el('tr', {}, ['base', 'new', 'change', 'change % of base', 'cum change', 'function'].map((h) => el('th', {}, h)))),
    el('tbody', {}, top.rows.map((r) => el('tr', { class: (re && re.test(r.name) ? 'match ' : '') + (r.flat > 0 ? 'up' : r.flat < 0 ? 'down' : '') },
      el('td', { class: 'num' }, fmt(r.base)), el('td', { class: 'num' }, fmt(r.new)),
      el('td', { class: 'num change' }, signed(fmt, r.flat)), el('td', { class: 'num' }, pct(r.flat, top.total)),
      el('td', { class: 'num' }, signed(fmt, r.cum)), el('td', { class: 'fn' }, r.name)))));
}

// A panel for one graph at a time: show(flame, top) replaces what it shows. onFocus(regexp) asks for the profile
// focused on the frame zoomed to.
export function flamePanel(testid, onFocus) {
  const search = el('input', { type: 'search', class: 'flame-search', placeholder: 'Search functions (regexp)', 'aria-label': 'Search functions', 'data-testid': testid + '-search', autocomplete: 'off', spellcheck: 'false' });
  const focusButton = el('button', { type: 'button', 'data-testid': testid + '-focus', hidden: true }, '');
  const parts = {
    canvas: el('canvas', { class: 'flame-canvas', 'data-testid': testid + '-flame' }), tip: el('div', { class: 'flame-tip', role: 'tooltip', hidden: true }),
    search, matched: el('span', { class: 'flame-matched', 'data-testid': testid + '-matched' }), path: el('div', { class: 'flame-path' }),
    reset: el('button', { type: 'button' }, 'All'), empty: el('p', { class: 'flame-empty', hidden: true }, 'No samples.'),
  };
  let zoomed = null;
  parts.onZoom = (name) => {
    zoomed = name;
    focusButton.hidden = name === null;
    focusButton.textContent = name === null ? '' : 'Focus on ' + name;
  };
  focusButton.addEventListener('click', () => { if (zoomed !== null) onFocus('^' + escapeRegExp(zoomed) + '$'); });
  const legend = el('span', { class: 'flame-legend', hidden: true },
    el('span', { class: 'swatch grow' }), 'grew', el('span', { class: 'swatch shrink' }), 'shrank', el('span', { class: 'swatch same' }), 'unchanged');
  const tableBox = el('div', {});
  const root = el('div', { class: 'panel' },
    el('div', { class: 'controls' }, parts.reset, search, parts.matched, focusButton, legend), parts.path,
    el('div', { class: 'flame-box' }, parts.canvas, parts.empty), tableBox, parts.tip);
  let mounted = null, top = null;
  const table = () => {
    if (!top) return;
    const re = searchRe(search.value);
    tableBox.replaceChildren(top.diff ? grewTable(top, re, testid + '-table') : topTable(top, re, testid + '-table'));
  };
  search.addEventListener('input', table);
  return {
    root,
    setSearch(text) { search.value = text || ''; },
    // What it showed goes while another graph loads, so nothing stale is ever read as the new answer.
    clear() {
      if (mounted) mounted.dispose();
      mounted = null;
      top = null;
      root.hidden = true;
      tableBox.replaceChildren();
    },
    show(flame, report) {
      root.hidden = false;
      if (mounted) mounted.dispose();
      parts.onZoom(null);
      legend.hidden = !flame.diff;
      mounted = mountFlameGraph(parts, flame);
      top = report;
      table();
    },
  };
}
