// The fleet overview: every target with its health, latest figures, an RSS sparkline, its alerts and open findings;
// the store's order puts targets with a firing alert or an open finding first. A filter by job and labels lives in
// the address (#/?job=api&label=env=prod), so a filtered view is a link; a label chip adds itself to the filter.
import { api, el, getJson, hashOf } from './dom.js';
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
    let lo = Infinity, hi = -Infinity;
    for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
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

// A target's labels as chips, each a link to the overview filtered by it.
export function labelChips(labels) {
  return el('div', { class: 'labels' }, Object.entries(labels).map(([k, v]) =>
    el('a', { class: 'chip', href: hashOf('/', new URLSearchParams([['label', k + '=' + v]])), title: 'Only targets with ' + k + '="' + v + '"' }, k + '="' + v + '"')));
}

function alertsCell(alerts) {
  if (alerts.length === 0) return el('span', { class: 'ok' }, 'none');
  return el('ul', {}, alerts.map((a) => el('li', { class: 'alert ' + a.state + ' ' + (a.severity || '') },
    el('b', {}, a.rule), a.labels.function ? ' ' + a.labels.function : a.labels.series ? ' ' + a.labels.series : '', ' ', el('span', { class: 'state' }, a.state))));
}

function filterForm(fleet, params) {
  const job = el('select', { name: 'job', 'aria-label': 'job', 'data-testid': 'filter-job' },
    el('option', { value: '' }, 'any job'), fleet.jobs.map((j) => el('option', { value: j, selected: j === fleet.filter.job }, j)));
  const labels = el('input', {
    type: 'text', name: 'label', size: 40, 'aria-label': 'labels', 'data-testid': 'filter-labels', placeholder: 'labels: service=api, env=prod',
    value: params.getAll('label').join(', '),
  });
  const form = el('form', { class: 'filter', 'data-testid': 'filter' }, job, ' ', labels, ' ', el('button', { type: 'submit' }, 'Filter'), ' ',
    el('a', { href: '#/' }, 'all targets'),
    el('span', { class: 'note', 'data-testid': 'shown' }, ' ' + fleet.targets.length + ' of ' + fleet.targetsInStore + ' targets'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (job.value) next.set('job', job.value);
    labels.value.split(',').map((s) => s.trim()).filter((s) => s).forEach((s) => next.append('label', s));
    location.hash = hashOf('/', next);
  });
  return form;
}

export async function showOverview(view, params) {
  const fleet = await getJson(api('/api/targets', { job: params.get('job'), label: params.getAll('label') }));
  document.getElementById('store').textContent = fleet.store;
  document.title = 'gomem serve';
  const rows = fleet.targets.map((t) => el('tr', { 'data-testid': 'target-row', class: t.openFindings.length || t.alerts.some((a) => a.state === 'firing') ? 'leaking' : '' },
    el('td', {},
      el('a', { href: '#/target/' + t.id, class: 'target-link' }, t.job + '/' + t.instance),
      labelChips(t.labels)),
    el('td', { class: 'health ' + t.health.state }, t.health.state),
    el('td', { class: 'num' }, bytes(t.rssBytes)),
    el('td', { class: 'num' }, bytes(t.heapInuseBytes)),
    el('td', { class: 'num' }, count(t.goroutines)),
    el('td', {}, sparkline(t.rssSparkline)),
    el('td', { class: 'alerts' }, alertsCell(t.alerts)),
    el('td', { class: 'findings' }, t.openFindings.length === 0 ? el('span', { class: 'ok' }, 'none')
      : el('ul', {}, t.openFindings.map((f) => el('li', { class: 'finding ' + f.severity }, el('b', {}, f.code), ' ', f.title))))));
  view.replaceChildren(
    el('h1', {}, 'Targets'),
    filterForm(fleet, params),
    el('table', { class: 'fleet' },
      el('thead', {}, el('tr', {}, ['target', 'health', 'RSS', 'heap in use', 'goroutines', 'RSS, last 15 min', 'alerts', 'open findings'].map((h) => el('th', {}, h)))),
      el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: 8, class: 'note' }, 'No target matches this filter.')))));
}
