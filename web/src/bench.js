// Benchmark history (gomem bench history over the store gomem bench record fills): a trend chart per benchmark and
// unit, the median of each run with its confidence interval, and the change points bench history reports marked on
// it and listed under it; a drift (a steady move no single step makes) is said above the chart.
import uPlot from 'uplot';
import { api, el, getJson, hashOf } from './dom.js';
import { bytes, compact, seconds } from './format.js';

function formatFor(unit) {
  if (unit === 'sec/op') return seconds;
  if (unit === 'B/op' || unit === 'B') return bytes;
  if (unit === 'B/s') return (v) => bytes(v) + '/s';
  return compact;
}

const pct = (v) => (v === null || v === undefined ? 'from 0' : (v > 0 ? '+' : '') + v.toFixed(2) + '%');

function changeIndex(points, change) {
  for (let i = 1; i < points.length; i++) {
    if (points[i].commit === change.commit && points[i - 1].commit === change.previousCommit) return i;
  }
  return -1;
}

function changeMarks(marks) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.strokeStyle = '#d62728';
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.setLineDash([5 * devicePixelRatio, 3 * devicePixelRatio]);
        for (const i of marks) {
          const x = u.valToPos(i - 0.5, 'x', true);
          ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
        }
        ctx.restore();
        u.root.parentElement.dataset.changes = String(marks.length);
      }],
    },
  };
}

function seriesChart(box, s, width) {
  const format = formatFor(s.unit);
  const xs = s.points.map((_, i) => i);
  const marks = s.changePoints.map((c) => changeIndex(s.points, c)).filter((i) => i > 0);
  const commit = (i) => (Number.isInteger(i) && s.points[i] ? s.points[i].commit.slice(0, 10) : '');
  new uPlot({
    width, height: 180,
    scales: { x: { time: false, range: (u, lo, hi) => [lo - 0.5, hi + 0.5] } },
    axes: [{ values: (u, ticks) => ticks.map(commit), incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] }, { values: (u, ticks) => ticks.map(format), size: 84 }],
    series: [{ value: (u, i) => commit(i) },
      { label: 'median', stroke: '#1f77b4', width: 2, points: { show: true, size: 6 }, value: (u, v) => format(v) },
      { label: 'CI low', stroke: '#9ecae1', width: 1, dash: [3, 3], value: (u, v) => format(v) },
      { label: 'CI high', stroke: '#9ecae1', width: 1, dash: [3, 3], value: (u, v) => format(v) }],
    plugins: [changeMarks(marks)],
  }, [xs, s.points.map((p) => p.median), s.points.map((p) => p.ciLow), s.points.map((p) => p.ciHigh)], box);
}

export async function showBench(view, params) {
  const filter = params.get('filter') || '';
  document.title = 'gomem · benchmarks';
  const input = el('input', { type: 'text', size: 40, 'aria-label': 'filter', 'data-testid': 'bench-filter', placeholder: "filter: .unit:B/op, .name:Parse", value: filter });
  const form = el('form', { class: 'filter' }, input, ' ', el('button', { type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = hashOf('/bench', input.value ? new URLSearchParams([['filter', input.value]]) : null);
  });
  view.replaceChildren(el('h1', {}, 'Benchmarks'), form, el('p', { class: 'note' }, 'Loading…'));
  let history;
  try {
    history = await getJson(api('/api/bench/history', { filter }));
  } catch (e) {
    view.replaceChildren(el('h1', {}, 'Benchmarks'), form, el('p', { class: 'error', 'data-testid': 'error' }, String(e.message || e)));
    return;
  }
  const width = Math.max(320, Math.min(620, (view.clientWidth - 48) / 2));
  const blocks = history.series.map((s) => {
    const format = formatFor(s.unit);
    const box = el('div', { class: 'chart bench-chart', 'data-testid': 'bench-series' });
    const block = el('section', { class: 'bench' },
      el('h3', {}, s.benchmark + ' · ' + s.unit), el('div', { class: 'note' }, s.package + ' · ' + s.points.length + ' runs'),
      s.drift ? el('p', { class: 'drift', 'data-testid': 'drift' }, 'Drift: ' + pct(s.drift.totalPercent) + ' over ' + s.drift.runs + ' runs in ' + s.drift.steps +
        ' steps, none as large as half of it (largest ' + pct(s.drift.largestStepPercent) + '); Mann–Kendall p=' + s.drift.p.toFixed(3)) : '',
      box,
      s.changePoints.length === 0 ? el('p', { class: 'note' }, 'No change point.')
        : el('table', { class: 'changes', 'data-testid': 'change-points' },
          el('thead', {}, el('tr', {}, ['commit', 'previous', 'before', 'after', 'change', 'p'].map((h) => el('th', {}, h)))),
          el('tbody', {}, s.changePoints.map((c) => el('tr', {},
            el('td', { class: 'fn' }, c.commit), el('td', { class: 'fn' }, c.previousCommit),
            el('td', { class: 'num' }, format(c.before)), el('td', { class: 'num' }, format(c.after)),
            el('td', { class: 'num' }, pct(c.changePercent)), el('td', { class: 'num' }, c.exact ? 'exact' : c.p === null ? '–' : c.p.toFixed(3)))))));
    return { block, box, s };
  });
  view.replaceChildren(el('h1', {}, 'Benchmarks'), form,
    el('p', { class: 'note', 'data-testid': 'bench-summary' }, history.runs + ' runs · ' + history.series.length + ' series · change points at α=' + history.alpha + ' and at least ' + history.minChangePercent + '%'),
    ...(blocks.length ? [el('div', { class: 'bench-grid' }, blocks.map((b) => b.block))] : [el('p', { class: 'note' }, 'No benchmark recorded' + (filter ? ' matches this filter.' : ' (gomem bench record FILE --store STORE).'))]));
  for (const b of blocks) seriesChart(b.box, b.s, width);
}
