// A target's page: its runtime series as charts with restarts and alerts on them; a click on a chart opens the stored
// profile nearest that moment (flame graph and gomem top's table), a drag selects a range to zoom to or to diff
// (gomem diff between the two ranges' profiles, as a red/blue flame graph and a "what grew" table); its findings
// with the leak verdict's stack and growth, each linked to the diff that shows it; the goroutine groups of its latest
// goroutine profile (and of the moment's, when the profile shown is a goroutine one), a click on a group focusing the
// flame graph on it. Everything it shows is in the
// address (#/target/ID?from=&to=&at=&base=&new=&kind=&type=&focus=&search=), so any view is a link.
import { annotationsOf, drawCharts, unix } from './charts.js';
import { api, el, getJson, setParams } from './dom.js';
import { findingsTable } from './findings.js';
import { goroutineGroups, groupFocus } from './goroutines.js';
import { labelChips } from './overview.js';
import { time } from './format.js';
import { flamePanel } from './panel.js';

const SAMPLE_TYPES = { heap: ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'], allocs: ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'], goroutine: ['goroutine'] };

const range = (text) => {
  if (!text) return null;
  const [from, to] = text.split('~');
  return from && to ? [from, to] : null;
};
const rangeText = (r) => r[0] + ' – ' + r[1];

function select(options, value, label, testid, onChange) {
  const node = el('select', { 'aria-label': label, 'data-testid': testid, onchange: (e) => onChange(e.target.value) },
    options.map(([v, text]) => el('option', { value: v, selected: v === value }, text)));
  return el('label', {}, label + ' ', node);
}

export async function showTarget(view, id, params) {
  const series = await getJson(api('/api/targets/' + id + '/series', { from: params.get('from'), to: params.get('to') }));
  const t = series.target;
  document.title = 'gomem · ' + t.job + '/' + t.instance;
  const charts = el('section', { class: 'charts' });
  const picked = el('p', { class: 'note', 'data-testid': 'picked' });
  const selection = el('div', { class: 'selection', 'data-testid': 'selection', hidden: true });
  const options = el('div', { class: 'options', 'data-testid': 'profile-options' });
  const profile = flamePanel('profile', (focus) => setParams({ focus }));
  const diff = flamePanel('diff', (focus) => setParams({ focus }));
  const momentGroups = el('div', { 'data-testid': 'moment-goroutines' });
  const profileBox = el('section', { class: 'profile', hidden: true, 'data-testid': 'profile' }, el('h2', {}, 'Profile of a moment'), picked, profile.root, momentGroups);
  const diffHead = el('p', { class: 'note', 'data-testid': 'diff-ranges' });
  const diffBox = el('section', { class: 'diff', hidden: true, 'data-testid': 'diff' }, el('h2', {}, 'Diff: the new range minus the base range'), diffHead, diff.root);
  const findingsBox = el('section', { class: 'findings-box', 'data-testid': 'findings' });
  const goroutinesBox = el('section', { class: 'goroutines-box', 'data-testid': 'goroutines', hidden: true });
  const notes = annotationsOf(series);
  const span = series.times.length + ' points from ' + series.from + ' to ' + series.to;
  view.replaceChildren(
    el('h1', {}, t.job + '/' + t.instance),
    labelChips(t.labels),
    el('p', { class: 'note' }, span, ' · ',
      el('a', { href: '#/target/' + id, 'data-testid': 'zoom-reset' }, 'the last hour'), ' · ',
      el('a', { href: '#/target/' + id + '?from=' + encodeURIComponent(time(unix(series.to) - 86400)) + '&to=' + encodeURIComponent(series.to) }, 'the last day')),
    charts,
    el('ul', { class: 'annotations', 'data-testid': 'annotations' },
      notes.length === 0 ? el('li', { class: 'note' }, 'No restart or alert in this span.') : notes.map((n) => el('li', { class: 'annotation ' + n.kind }, n.text))),
    el('p', { class: 'note' }, 'Click a moment on a chart to see the profile stored nearest it; drag across a chart to select a range, to zoom to or to diff.'),
    selection, findingsBox, goroutinesBox, options, profileBox, diffBox);

  const shown = { profile: null, diff: null };
  const chartSet = drawCharts(charts, series, (at) => setParams({ at: time(at) }), (sel) => {
    if (!sel) { selection.hidden = true; return; }
    const text = [time(sel[0]), time(sel[1])];
    selection.hidden = false;
    selection.replaceChildren(
      el('span', { 'data-testid': 'selected' }, 'Selected ' + rangeText(text)), ' ',
      el('button', { type: 'button', 'data-testid': 'zoom', onclick: () => setParams({ from: text[0], to: text[1] }) }, 'Zoom to it'), ' ',
      el('button', { type: 'button', 'data-testid': 'use-base', onclick: () => { setParams({ base: text.join('~') }); chartSet.clearSelection(); } }, 'Diff: use as base range'), ' ',
      el('button', { type: 'button', 'data-testid': 'use-new', onclick: () => { setParams({ new: text.join('~') }); chartSet.clearSelection(); } }, 'Diff: use as new range'), ' ',
      el('button', { type: 'button', onclick: () => chartSet.clearSelection() }, 'Clear'));
  });

  getJson('/api/targets/' + id + '/findings')
    .then((f) => findingsBox.replaceChildren(el('h2', {}, 'Findings'), findingsTable(f.findings, id, series)))
    .catch((e) => findingsBox.replaceChildren(el('p', { class: 'error' }, String(e.message || e))));

  const kinds = series.profileKinds;
  // The latest goroutine profile's groups; a click shows that profile focused on the group.
  if (kinds.includes('goroutine')) {
    goroutinesBox.hidden = false;
    getJson('/api/targets/' + id + '/goroutines')
      .then((g) => goroutinesBox.replaceChildren(el('h2', {}, 'Goroutine groups'),
        goroutineGroups(g, null, (group) => setParams({ kind: 'goroutine', at: g.time, type: null, focus: groupFocus(group) }))))
      .catch((e) => goroutinesBox.replaceChildren(el('p', { class: 'error' }, String(e.message || e))));
  }
  // Each panel says which address it last finished loading for (data-loaded), for a test to wait on.
  const update = async (next) => {
    const stamp = location.hash;
    const kind = next.get('kind') || (kinds.includes('heap') ? 'heap' : kinds[0] || 'heap');
    const type = next.get('type') || '';
    const focus = next.get('focus') || '';
    const search = next.get('search') || '';
    const base = range(next.get('base')), newer = range(next.get('new'));
    chartSet.setRanges({ base: base && [unix(base[0]), unix(base[1])], new: newer && [unix(newer[0]), unix(newer[1])] });
    options.replaceChildren(
      el('b', {}, 'Profiles'), ' ',
      select(kinds.map((k) => [k, k]), kind, 'kind', 'kind', (v) => setParams({ kind: v, type: null, focus: null })), ' ',
      select([['', 'default'], ...(SAMPLE_TYPES[kind] || []).map((s) => [s, s])], type, 'sample type', 'sample-type', (v) => setParams({ type: v })), ' ',
      focus ? el('span', { class: 'focus', 'data-testid': 'focus' }, 'focus: ' + focus, ' ', el('button', { type: 'button', onclick: () => setParams({ focus: null }) }, 'Clear focus')) : '',
      base ? el('span', { class: 'range base' }, ' base: ' + rangeText(base)) : '',
      newer ? el('span', { class: 'range new' }, ' new: ' + rangeText(newer)) : '',
      base || newer ? el('button', { type: 'button', onclick: () => setParams({ base: null, new: null }) }, 'Clear the diff') : '');
    if (kinds.length === 0) options.append(el('span', { class: 'note' }, ' no profile is stored for this target'));
    const at = next.get('at');
    // A panel whose question did not change keeps its answer (a new diff range leaves the profile as it is); an
    // answer arriving after the panel was asked another question is dropped.
    const ask = (panel, url, load) => {
      if (!shown[panel] || shown[panel].url !== url) {
        const asked = { url };
        asked.done = load().then((show) => { if (shown[panel] === asked) show(); }, (e) => { if (shown[panel] === asked) { shown[panel] = null; throw e; } });
        shown[panel] = asked;
      }
      return shown[panel].done;
    };
    const loadProfile = async () => {
      if (!at) { profileBox.hidden = true; shown.profile = null; return; }
      const url = api('/api/targets/' + id + '/profile', { kind, at, sampleType: type, focus });
      if (!shown.profile || shown.profile.url !== url) {
        picked.textContent = 'Loading the ' + kind + ' profile nearest ' + at + '…';
        profileBox.hidden = false;
        profile.clear();
        momentGroups.replaceChildren();
      }
      try {
        await ask('profile', url, async () => {
          const [p, groups] = await Promise.all([getJson(url), kind === 'goroutine' ? getJson(api('/api/targets/' + id + '/goroutines', { at })) : null]);
          return () => {
            picked.textContent = kind + ' profile at ' + p.snapshot.time + ' (nearest ' + at + ') · ' + p.top.sampleType + (focus ? ' · focus ' + focus : '');
            profile.setSearch(search);
            profile.show(p.flame, p.top);
            momentGroups.replaceChildren(...(groups ? [el('h3', {}, 'Goroutine groups of this profile'),
              goroutineGroups(groups, focus, (group) => setParams({ focus: groupFocus(group) }))] : []));
          };
        });
      } catch (e) {
        picked.textContent = String(e.message || e);
      }
      if (stamp === location.hash) profileBox.dataset.loaded = stamp;
    };
    const loadDiff = async () => {
      if (!(base && newer)) {
        shown.diff = null;
        diff.clear();
        diffBox.hidden = !(base || newer);
        diffHead.textContent = 'Select the ' + (base ? 'new' : 'base') + ' range too (drag across a chart) to see the diff.';
        return;
      }
      const url = api('/api/targets/' + id + '/diff', { kind, baseFrom: base[0], baseTo: base[1], newFrom: newer[0], newTo: newer[1], sampleType: type, focus });
      if (!shown.diff || shown.diff.url !== url) {
        diffBox.hidden = false;
        diffHead.textContent = 'Loading the diff…';
        diff.clear();
      }
      try {
        await ask('diff', url, async () => {
          const d = await getJson(url);
          return () => {
            diffHead.textContent = kind + ' · ' + d.top.sampleType + ' · base ' + rangeText([d.base.from, d.base.to]) + ' (mean of ' + d.base.snapshots.length +
              ' snapshots) → new ' + rangeText([d.new.from, d.new.to]) + ' (mean of ' + d.new.snapshots.length + ' snapshots)' + (focus ? ' · focus ' + focus : '');
            diff.setSearch(search);
            diff.show(d.flame, d.top);
          };
        });
      } catch (e) {
        diffHead.textContent = String(e.message || e);
      }
      if (stamp === location.hash) diffBox.dataset.loaded = stamp;
    };
    await Promise.all([loadProfile(), loadDiff()]);
  };
  await update(params);
  return { update };
}
