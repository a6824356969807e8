// The goroutine groups of a stored goroutine profile, as gomem goroutines lists them for it (grouped by stack, largest
// first): how many goroutines, their share of all, the change since the previous stored goroutine profile (a group
// that grows from one profile to the next is what a goroutine leak looks like), the function they are parked in,
// their creator and labels, and the stack. A click on a group focuses the flame graph of that profile on its function.
import { el } from './dom.js';
import { escapeRegExp } from './panel.js';

// The focus (gomem top --focus) that keeps a group's goroutines: those parked in its function.
export const groupFocus = (group) => '^' + escapeRegExp(group.function) + '$';

const frameText = (f) => f.function + (f.line > 0 ? ' ' + f.file + ':' + f.line : '');

function summary(view) {
  const hidden = view.hiddenRuntime + view.hiddenIgnored;
  const text = view.total + ' goroutines in the profile of ' + view.time + ', ' + view.shown + ' shown in ' +
    (view.groups.length + view.omittedGroups) + ' groups by stack' + (hidden > 0 ? ' (' + hidden + ' of the runtime or parked in an ignored function hidden)' : '');
  return text + (view.previousTime
    ? '; change since the previous goroutine profile, of ' + view.previousTime + ' (' + view.previousTotal + ' goroutines).'
    : '; no earlier goroutine profile is stored to compare with.');
}

// The table of a view of GET /api/targets/ID/goroutines; focus: the address's focus (its group is marked); onPick(group).
export function goroutineGroups(view, focus, onPick) {
  if (view.groups.length === 0) return el('p', { class: 'note', 'data-testid': 'goroutines-summary' }, summary(view));
  const change = (g) => g.growth === null ? '–' : (g.growth > 0 ? '+' : '') + g.growth;
  return el('div', { class: 'goroutines' },
    el('p', { class: 'note', 'data-testid': 'goroutines-summary' }, summary(view)),
    el('table', { class: 'groups', 'data-testid': 'goroutine-groups' },
      el('thead', {}, el('tr', {}, ['goroutines', 'share', 'change', 'parked in', 'created by', 'labels'].map((h) => el('th', {}, h)))),
      el('tbody', {}, view.groups.map((g) => el('tr', {
        class: 'group' + (g.growth > 0 ? ' up' : '') + (focus && focus === groupFocus(g) ? ' focused' : ''), 'data-testid': 'goroutine-group',
      },
      el('td', { class: 'num' }, String(g.count)), el('td', { class: 'num' }, g.sharePercent.toFixed(2) + '%'),
      el('td', { class: 'num change' }, change(g)),
      el('td', {},
        el('button', { type: 'button', class: 'pick fn', title: 'Focus the flame graph on ' + g.function, 'data-testid': 'group-focus', onclick: () => onPick(g) }, g.function),
        el('details', { class: 'stack' }, el('summary', {}, 'stack (' + g.stack.length + ' frames)'),
          el('ol', {}, g.stack.map((f) => el('li', { class: 'fn' }, frameText(f)))))),
      el('td', { class: 'fn' }, g.createdBy ? frameText(g.createdBy) : '–'),
      el('td', { class: 'fn' }, g.labels || '–'))))),
    view.omittedGroups > 0 ? el('p', { class: 'note' }, view.omittedGroups + ' smaller groups not listed.') : '');
}
