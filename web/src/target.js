// A target's page: its runtime series as charts (uPlot); a click on a chart picks a moment, and the stored heap
// profile nearest it shows as the flame graph (the code gomem flame draws with) and the top table of gomem top.
import uPlot from 'uplot';
import mountFlameGraph from '../../src/GoMem/Output/Profiles/flame-graph.js';
import { el, getJson, labelText } from './dom.js';
import { bytes, count, percent, seconds, time } from './format.js';

const MEMORY = [
  ['rssBytes', 'RSS', '#d62728'], ['heapAllocBytes', 'heap alloc', '#1f77b4'], ['heapInuseBytes', 'heap in use', '#2ca02c'],
  ['nextGcBytes', 'next GC', '#9467bd'], ['stackInuseBytes', 'stacks', '#8c564b'], ['containerLimitBytes', 'container limit', '#7f7f7f'],
];

function chart(target, title, series, times, figures, format, onPick) {
  const shown = series.filter(([key]) => figures[key] && figures[key].some((v) => v !== null));
  if (shown.length === 0) return;
  const box = el('div', { class: 'chart', 'data-testid': 'chart' }, el('h3', {}, title));
  target.append(box);
  const width = Math.max(320, target.clientWidth - 24);
  const plot = new uPlot({
    width, height: 220,
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [{}, { values: (u, ticks) => ticks.map(format), size: 84 }],
    series: [{ value: (u, v) => (v === null ? '–' : time(v)) },
      ...shown.map(([, label, stroke]) => ({ label, stroke, width: 1.5, spanGaps: false, value: (u, v) => format(v) }))],
  }, [times, ...shown.map(([key]) => figures[key])], box);
  plot.over.addEventListener('click', () => {
    const i = plot.cursor.idx;
    if (i !== null && i !== undefined) onPick(times[i]);
  });
}

function topTable(top, query) {
  let re = null;
  if (query) { try { re = new RegExp(query); } catch { re = null; } }
  const fmt = top.unit === 'bytes' ? bytes : count;
  return el('table', { class: 'top', 'data-testid': 'top-table' },
    el('thead', {}, el('tr', {}, ['flat', 'flat%', 'sum%', 'cum', 'cum%', 'function'].map((h) => el('th', {}, h)))),
    el('tbody', {}, top.rows.map((r) => el('tr', { class: re && re.test(r.name) ? 'match' : '' },
      el('td', { class: 'num' }, fmt(r.flat)), el('td', { class: 'num' }, r.flatPercent.toFixed(2) + '%'),
      el('td', { class: 'num' }, r.sumPercent.toFixed(2) + '%'), el('td', { class: 'num' }, fmt(r.cum)),
      el('td', { class: 'num' }, r.cumPercent.toFixed(2) + '%'), el('td', { class: 'fn' }, r.name)))));
}

export async function showTarget(view, id) {
  const series = await getJson('/api/targets/' + id + '/series');
  const t = series.target;
  document.title = 'gomem · ' + t.job + '/' + t.instance;
  const charts = el('section', { class: 'charts' });
  const picked = el('p', { class: 'note', 'data-testid': 'picked' }, 'Click a moment on a chart to see the heap profile stored nearest it.');
  const search = el('input', { type: 'search', placeholder: 'Search functions (regexp)', 'aria-label': 'Search functions', 'data-testid': 'flame-search', autocomplete: 'off', spellcheck: 'false' });
  const flame = {
    canvas: el('canvas', { 'data-testid': 'flame' }), tip: el('div', { class: 'tip', role: 'tooltip', hidden: true }),
    search, matched: el('span', { class: 'matched', 'data-testid': 'matched' }), path: el('div', { class: 'path' }),
    reset: el('button', { type: 'button' }, 'All'), empty: el('p', { class: 'note', hidden: true }, 'No samples.'),
  };
  const tableBox = el('div', {});
  const profileBox = el('section', { class: 'profile', hidden: true, 'data-testid': 'profile' },
    el('div', { class: 'controls' }, flame.reset, search, flame.matched), flame.path,
    el('div', { class: 'flame-box' }, flame.canvas, flame.empty), tableBox, flame.tip);
  view.replaceChildren(
    el('h1', {}, t.job + '/' + t.instance),
    el('div', { class: 'labels' }, labelText(t.labels)),
    el('p', { class: 'note' }, series.times.length + ' points from ' + series.from + ' to ' + series.to +
      (series.events.length ? ' · events: ' + series.events.map((e) => e.kind + ' at ' + e.time).join(', ') : '')),
    charts, picked, profileBox);

  let mounted = null, top = null;
  search.addEventListener('input', () => { if (top) tableBox.replaceChildren(topTable(top, search.value)); });
  const pick = async (at) => {
    picked.textContent = 'Loading the heap profile nearest ' + time(at) + '…';
    try {
      const profile = await getJson('/api/targets/' + id + '/profile?kind=heap&at=' + encodeURIComponent(time(at)));
      picked.textContent = 'Heap profile at ' + profile.snapshot.time + ' (nearest ' + time(at) + ') · ' + profile.top.sampleType;
      profileBox.hidden = false;
      if (mounted) mounted.dispose();
      mounted = mountFlameGraph(flame, profile.flame);
      top = profile.top;
      tableBox.replaceChildren(topTable(top, search.value));
    } catch (e) {
      picked.textContent = String(e.message || e);
    }
  };
  chart(charts, 'Memory', MEMORY, series.times, series.figures, bytes, pick);
  chart(charts, 'Goroutines', [['goroutines', 'goroutines', '#ff7f0e']], series.times, series.figures, count, pick);
  chart(charts, 'GC', [['gcCpuFraction', 'GC CPU fraction', '#17becf']], series.times, series.figures, percent, pick);
  chart(charts, 'GC pause p99', [['pauseP99Seconds', 'pause p99', '#bcbd22']], series.times, series.figures, seconds, pick);
  if (series.times.length === 0) charts.append(el('p', { class: 'note' }, 'No samples in this span.'));
}
