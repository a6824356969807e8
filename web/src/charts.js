// A target's charts (uPlot): one per group of figures, cursors and selections synced across them. A click picks a
// moment; a drag selects a range (uPlot's select), which the page can zoom to or diff. Annotations are drawn on every
// chart: restarts and other events as vertical lines, alerts as bands from when they held to when they resolved, the
// two ranges of a diff as shaded bands, and the container limit as a dashed line of its own.
import uPlot from 'uplot';
import { el } from './dom.js';
import { bytes, count, percent, seconds, time } from './format.js';

const GROUPS = [
  ['Memory', bytes, [
    ['rssBytes', 'RSS', '#d62728'], ['heapAllocBytes', 'heap alloc', '#1f77b4'], ['heapInuseBytes', 'heap in use', '#2ca02c'],
    ['nextGcBytes', 'next GC', '#9467bd'], ['stackInuseBytes', 'stacks', '#8c564b'],
    ['containerLimitBytes', 'container limit', '#7f7f7f', [6, 4]],
  ]],
  ['Goroutines', count, [['goroutines', 'goroutines', '#ff7f0e']]],
  ['GC', percent, [['gcCpuFraction', 'GC CPU fraction', '#17becf']]],
  ['GC pause p99', seconds, [['pauseP99Seconds', 'pause p99', '#bcbd22']]],
];

const RANGE_FILL = { base: 'rgba(31, 111, 214, 0.14)', new: 'rgba(214, 32, 32, 0.14)' };

export const unix = (iso) => Date.parse(iso) / 1000;

// The annotations of a series view, as drawn and as listed: { at, until, kind, text, colour }.
export function annotationsOf(series) {
  const list = series.events.map((e) => ({
    at: unix(e.time), until: null, kind: e.kind,
    text: e.kind + ' at ' + e.time + (e.detail ? ': ' + e.detail : ''),
    colour: e.kind === 'restart' ? '#d62728' : '#777',
  }));
  for (const a of series.alerts) {
    const name = a.rule + (a.labels.function ? ' (' + a.labels.function + ')' : a.labels.series ? ' (' + a.labels.series + ')' : '');
    list.push({
      at: unix(a.activeSince), until: a.resolvedAt ? unix(a.resolvedAt) : null, kind: 'alert',
      text: 'alert ' + name + ' ' + a.state + ' since ' + a.activeSince + (a.resolvedAt ? ', resolved ' + a.resolvedAt : '') + (a.summary ? ': ' + a.summary : ''),
      colour: a.severity === 'critical' ? '#b00020' : '#e69500',
    });
  }
  return list;
}

function annotationPlugin(state) {
  return {
    hooks: {
      draw: [(u) => {
        const { ctx } = u;
        const { left, top, width, height } = u.bbox;
        const x = (t) => u.valToPos(t, 'x', true);
        const clampX = (px) => Math.min(left + width, Math.max(left, px));
        ctx.save();
        for (const [name, range] of Object.entries(state.ranges)) {
          if (!range) continue;
          const a = clampX(x(range[0])), b = clampX(x(range[1]));
          if (b > a) { ctx.fillStyle = RANGE_FILL[name]; ctx.fillRect(a, top, b - a, height); }
        }
        let drawn = 0;
        for (const note of state.annotations) {
          const a = x(note.at);
          if (note.kind === 'alert') {
            const b = note.until === null ? left + width : x(note.until);
            if (b < left || a > left + width) continue;
            ctx.fillStyle = note.colour + '22';
            ctx.fillRect(clampX(a), top, clampX(b) - clampX(a), height);
            ctx.fillStyle = note.colour;
            ctx.fillRect(clampX(a), top, Math.max(0, clampX(b) - clampX(a)), 3 * devicePixelRatio);
          } else {
            if (a < left || a > left + width) continue;
            ctx.strokeStyle = note.colour;
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.setLineDash(note.kind === 'restart' ? [6 * devicePixelRatio, 3 * devicePixelRatio] : [2 * devicePixelRatio, 3 * devicePixelRatio]);
            ctx.beginPath(); ctx.moveTo(a, top); ctx.lineTo(a, top + height); ctx.stroke();
          }
          drawn++;
        }
        ctx.restore();
        u.root.parentElement.dataset.annotations = String(drawn);
      }],
    },
  };
}

// Draws the charts into `box`; onPick(unixSeconds) for a click, onSelect([from, to] | null) for a drag or its end.
// Returns { setRanges({ base, new }), clearSelection() }.
export function drawCharts(box, series, onPick, onSelect) {
  const state = { ranges: {}, annotations: annotationsOf(series) };
  const plots = [];
  const times = series.times;
  const width = Math.max(320, box.clientWidth - 24);
  for (const [title, format, figures] of GROUPS) {
    const shown = figures.filter(([key]) => series.figures[key] && series.figures[key].some((v) => v !== null));
    if (shown.length === 0) continue;
    const chartBox = el('div', { class: 'chart', 'data-testid': 'chart', 'data-title': title }, el('h3', {}, title));
    box.append(chartBox);
    const plot = new uPlot({
      width, height: 200,
      cursor: { drag: { x: true, y: false, setScale: false }, sync: { key: 'gomem-target', setSeries: false } },
      select: { show: true },
      scales: { x: { time: true } },
      axes: [{}, { values: (u, ticks) => ticks.map(format), size: 84 }],
      series: [{ value: (u, v) => (v === null ? '–' : time(v)) },
        ...shown.map(([, label, stroke, dash]) => ({ label, stroke, width: 1.5, dash, spanGaps: false, value: (u, v) => format(v) }))],
      plugins: [annotationPlugin(state)],
      hooks: {
        setSelect: [(u) => {
          if (u.select.width < 2) return;
          const from = u.posToVal(u.select.left, 'x'), to = u.posToVal(u.select.left + u.select.width, 'x');
          onSelect([from, to]);
        }],
      },
    }, [times, ...shown.map(([key]) => series.figures[key])], chartBox);
    plot.over.addEventListener('click', () => {
      if (plot.select.width >= 2) return;
      const i = plot.cursor.idx;
      if (i !== null && i !== undefined) onPick(times[i]);
    });
    plots.push(plot);
  }
  if (times.length === 0) box.append(el('p', { class: 'note' }, 'No samples in this span.'));
  return {
    setRanges(ranges) {
      state.ranges = ranges;
      plots.forEach((p) => p.redraw(false));
    },
    clearSelection() {
      plots.forEach((p) => p.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false));
      onSelect(null);
    },
  };
}
