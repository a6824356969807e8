// The fleet overview: every target with its health, latest figures, an RSS sparkline and its open findings;
// the store's order puts leaking targets first.
import { el, getJson, labelText } from './dom.js';
import { bytes, count } from './format.js';

function sparkline(line) {
  const width = 120, height = 28;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('class', 'spark');
  const points = [];
  const values = line.values.filter((v) => v !== null);
  if (values.length > 1) {
    const t0 = line.times[0], t1 = line.times[line.times.length - 1] || t0 + 1;
    const lo = Math.min(...values), hi = Math.max(...values);
    line.times.forEach((t, i) => {
      const v = line.values[i];
      if (v === null) return;
      const x = ((t - t0) / (t1 - t0 || 1)) * (width - 2) + 1;
      const y = height - 2 - ((v - lo) / (hi - lo || 1)) * (height - 4);
      points.push(x.toFixed(1) + ',' + y.toFixed(1));
    });
  }
  const poly = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  poly.setAttribute('points', points.join(' '));
  svg.append(poly);
  return svg;
}

export async function showOverview(view) {
  const fleet = await getJson('/api/targets');
  document.getElementById('store').textContent = fleet.store;
  const rows = fleet.targets.map((t) => el('tr', { 'data-testid': 'target-row', class: t.openFindings.length ? 'leaking' : '' },
    el('td', {},
      el('a', { href: '#/target/' + t.id, class: 'target-link' }, t.job + '/' + t.instance),
      el('div', { class: 'labels' }, labelText(t.labels))),
    el('td', { class: 'health ' + t.health.state }, t.health.state),
    el('td', { class: 'num' }, bytes(t.rssBytes)),
    el('td', { class: 'num' }, bytes(t.heapInuseBytes)),
    el('td', { class: 'num' }, count(t.goroutines)),
    el('td', {}, sparkline(t.rssSparkline)),
    el('td', { class: 'findings' }, t.openFindings.length === 0 ? el('span', { class: 'ok' }, 'none')
      : el('ul', {}, t.openFindings.map((f) => el('li', { class: 'finding ' + f.severity }, el('b', {}, f.code), ' ', f.title))))));
  view.replaceChildren(
    el('h1', {}, 'Targets'),
    el('table', { class: 'fleet' },
      el('thead', {}, el('tr', {}, ['target', 'health', 'RSS', 'heap in use', 'goroutines', 'RSS, last 15 min', 'open findings'].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows)));
}
