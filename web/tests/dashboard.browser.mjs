// The dashboard in a real browser (Debian's chromium, driven by playwright-core): run by the .NET test suite
// (DashboardBrowserTests) against `gomem serve` on a copy of the demo store with a goroutine-leaking target, a hostile
// target and a hostile benchmark added, and benchmark runs recorded.
//   node tests/dashboard.browser.mjs BASE_URL SCREENSHOT_DIR LEAKING_SERVICE GOROUTINE_LEAK_INSTANCE HOSTILE_LABEL HOSTILE_FUNCTION HOSTILE_TEXT HOSTILE_BENCHMARK
// Prints one line per step; exits non-zero with the failed step's reason.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [base, shots, leaking, goroutineLeak, hostileLabel, hostileFunction, hostileText, hostileBenchmark] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const step = (text) => console.log('ok - ' + text);

// Hovers each row of a flame graph down the middle until the tooltip names `name`; returns the last tooltip.
async function frameUnderPointer(page, testid, name, click) {
  const canvas = page.getByTestId(testid);
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const tip = page.locator('.flame-tip:visible');
  let text = '';
  for (let y = 9; y < box.height; y += 18) {
    await page.mouse.move(box.x + box.width / 2, box.y + y);
    text = (await tip.count()) ? (await tip.first().textContent()) || '' : '';
    if (text.includes(name)) {
      if (click) await page.mouse.click(box.x + box.width / 2, box.y + y);
      break;
    }
  }
  return text;
}

// Drags across the first chart from one share of its width to another (uPlot's select).
async function drag(page, from, to) {
  const over = page.locator('.u-over').first();
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), y, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, y, { steps: 4 });
  await page.mouse.up();
  await page.getByTestId('selection').waitFor();
}

// Waits until the target page's panel (profile or diff) has loaded what the address asks for.
const loaded = (page, testid) => page.waitForFunction((id) => {
  const box = document.querySelector('[data-testid=' + id + ']');
  return box && box.dataset.loaded === location.hash;
}, testid);

const hashParam = (page, name) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] || '').get(name);

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('dialog', (d) => { errors.push('a dialog opened: ' + d.message()); d.dismiss(); });

  await page.goto(base);
  const rows = page.getByTestId('target-row');
  await rows.first().waitFor();
  const first = await rows.first().textContent();
  assert.ok(first.includes(leaking), 'the leaking target comes first, got: ' + first);
  assert.ok(first.includes('heap-leak'), 'the leaking target shows its open finding');
  assert.ok(first.includes('GoMemHeapLeak') && first.includes('firing'), 'the leaking target shows its firing alert');
  step('overview lists the leaking target first, with its firing alert and its finding');
  const labels = await page.locator('.labels').allTextContents();
  assert.ok(labels.some((l) => l.includes(hostileLabel)), 'the hostile label shows as text');
  assert.equal(await page.locator('.labels script, .labels img').count(), 0, 'no element made of a label');
  await page.screenshot({ path: shots + '/dashboard-overview.png', fullPage: true });
  step('overview screenshot');

  await page.getByTestId('filter-labels').fill('service=' + leaking);
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=target-row]').length === 1);
  assert.equal(hashParam(page, 'label'), 'service=' + leaking, 'the filter is in the address: ' + page.url());
  assert.match(await page.getByTestId('shown').textContent(), /1 of 4 targets/);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=target-row]').length === 1);
  step('a label filter keeps the leaking target only, and the filtered view is a link: ' + new URL(page.url()).hash);
  await page.goto(base + '#/');
  await page.locator('.chip', { hasText: hostileLabel }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=target-row]').length === 1);
  assert.ok((await rows.first().textContent()).includes('evil'), 'a hostile label chip filters by that label');
  step('a label chip filters by its label, the hostile one too');

  await page.goto(base + '#/');
  await page.locator('.target-link', { hasText: '7101' }).click();
  await page.getByTestId('chart').first().waitFor();
  assert.ok(await page.locator('.chart canvas').count() >= 1, 'the target page draws its charts');
  const legend = await page.locator('.chart').first().textContent();
  assert.ok(legend.includes('container limit'), 'the memory chart has the container limit line: ' + legend);
  const notes = await page.getByTestId('annotations').textContent();
  assert.match(notes, /alert GoMemHeapLeak \(main\.recordSession\) firing since/, 'the alert is an annotation: ' + notes);
  assert.ok(Number(await page.locator('.chart').first().getAttribute('data-annotations')) >= 2, 'the alerts are drawn on the chart');
  step('the leaking target charts its figures and the container limit, with its alerts as annotations');

  const pointsBefore = await page.locator('main > p.note').first().textContent();
  await drag(page, 0.1, 0.4);
  const selected = await page.getByTestId('selected').textContent();
  await page.getByTestId('zoom').click();
  await page.waitForFunction((before) => document.querySelector('main > p.note').textContent !== before, pointsBefore);
  assert.ok(hashParam(page, 'from') && hashParam(page, 'to'), 'the zoom is in the address');
  const pointsAfter = await page.locator('main > p.note').first().textContent();
  assert.ok(parseInt(pointsAfter, 10) < parseInt(pointsBefore, 10), 'the zoomed series has fewer points: ' + pointsBefore + ' → ' + pointsAfter);
  step('a range selected on a chart (' + selected + ') zooms the charts to it: ' + pointsAfter);
  await page.getByTestId('zoom-reset').click();
  await page.waitForFunction((after) => document.querySelector('main > p.note').textContent !== after, pointsAfter);

  await drag(page, 0.3, 0.5);
  await page.getByTestId('use-base').click();
  await page.getByTestId('diff-ranges').waitFor();
  await drag(page, 0.75, 0.995);
  await page.getByTestId('use-new').click();
  await loaded(page, 'diff');
  const grew = await page.locator('[data-testid=diff-table] tbody tr').first().textContent();
  assert.ok(grew.includes('main.recordSession') && grew.includes('+'), 'the leaking function grew most: ' + grew);
  assert.ok(hashParam(page, 'base') && hashParam(page, 'new'), 'the diff is in the address');
  assert.ok(await page.locator('.diff .flame-legend:visible').count() === 1, 'the diff flame graph has its legend');
  const diffTip = await frameUnderPointer(page, 'diff-flame', 'main.recordSession');
  assert.match(diffTip, /Change: \+/, 'the diff flame graph shows the growth: ' + diffTip);
  step('two selected ranges diff: ' + (await page.getByTestId('diff-ranges').textContent()));

  const over = page.locator('.u-over').first();
  await over.scrollIntoViewIfNeeded();
  const box = await over.boundingBox();
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height / 2);
  await loaded(page, 'profile');
  const picked = await page.getByTestId('picked').textContent();
  assert.match(picked, /^heap profile at .* · inuse_space/, 'a moment picked: ' + picked);
  assert.ok((await page.getByTestId('profile-table').textContent()).includes('main.recordSession'), 'the top table names the leaking function');
  step('clicking a moment shows the stored heap profile: ' + picked);
  await page.getByTestId('profile-search').fill('recordSession');
  const matched = await page.getByTestId('profile-matched').textContent();
  assert.match(matched, /^Matched: .*\(9\d\.\d\d% of total\)$/, 'the search matches most of the heap: ' + matched);
  assert.equal(await page.locator('[data-testid=profile-table] tr.match').count(), 1, 'the top table marks the function searched');
  step('searching the flame graph finds main.recordSession: ' + matched);
  await page.getByTestId('sample-type').selectOption('alloc_space');
  await loaded(page, 'profile');
  assert.ok((await page.getByTestId('picked').textContent()).includes('alloc_space'));
  assert.equal(hashParam(page, 'type'), 'alloc_space');
  step('the sample type switch shows alloc_space: ' + (await page.getByTestId('picked').textContent()));
  await page.getByTestId('sample-type').selectOption('');
  await loaded(page, 'profile');
  assert.ok((await page.getByTestId('picked').textContent()).includes('inuse_space'));
  const zoomTip = await frameUnderPointer(page, 'profile-flame', 'main.work', true);
  assert.ok(zoomTip.includes('main.work'), 'a frame to focus on: ' + zoomTip);
  await page.getByTestId('profile-focus').click();
  await loaded(page, 'profile');
  assert.ok((await page.getByTestId('picked').textContent()).includes('focus'));
  assert.equal(hashParam(page, 'focus'), '^main\\.work$');
  const focusedRows = await page.locator('[data-testid=profile-table] .fn').allTextContents();
  assert.ok(focusedRows.includes('main.recordSession') && !focusedRows.some((r) => r.startsWith('compress/')), 'the focus keeps main.work\'s samples: ' + focusedRows.join(' | '));
  step('focus on a frame, as gomem top --focus: ' + (await page.getByTestId('focus').textContent()));
  await loaded(page, 'diff');
  await page.screenshot({ path: shots + '/dashboard-target.png', fullPage: true });
  step('target screenshot');

  await page.goto(base + '#/target/' + new URL(page.url()).hash.match(/target\/(\d+)/)[1]);
  await page.getByTestId('finding').first().waitFor();
  const finding = page.getByTestId('finding').filter({ hasText: 'Heap in use at main.recordSession' });
  const findingText = await finding.textContent();
  assert.match(findingText, /\+\d+(\.\d+)?MB\/min/, 'the finding has its growth: ' + findingText);
  await finding.locator('summary').click();
  assert.ok((await finding.locator('.stack').textContent()).includes('main.work'), 'the finding has its stack');
  await finding.getByTestId('finding-diff').click();
  await page.waitForFunction(() => location.hash.includes('search='));
  await loaded(page, 'diff');
  const linked = await page.locator('[data-testid=diff-table] tbody tr').first().textContent();
  assert.ok(linked.includes('main.recordSession'), 'the finding\'s diff has the leaking function on top: ' + linked);
  assert.equal(hashParam(page, 'search'), 'main.recordSession');
  step('a leak finding (growth, first seen, stack) links to the diff with the leak on top: ' + linked);
  await page.getByTestId('diff').scrollIntoViewIfNeeded();
  await page.screenshot({ path: shots + '/dashboard-diff.png', fullPage: true });
  step('diff screenshot');

  await page.goto(base + '#/');
  await page.locator('.target-link', { hasText: goroutineLeak }).click();
  const groups = page.getByTestId('goroutine-group');
  await groups.first().waitFor();
  const leakGroup = await groups.first().textContent();
  assert.ok(leakGroup.includes('main.waitForReply') && leakGroup.includes('+50'), 'the leaking group is on top and grew since the previous profile: ' + leakGroup);
  const groupsSummary = await page.getByTestId('goroutines-summary').first().textContent();
  assert.match(groupsSummary, /^403 goroutines in the profile of .*change since the previous goroutine profile/, groupsSummary);
  step('the goroutine-leaking target lists its leaking group on top, with its growth: ' + leakGroup.replace(/\s+/g, ' ').slice(0, 60));
  await groups.first().getByTestId('group-focus').click();
  await page.waitForFunction(() => location.hash.includes('focus='));
  await loaded(page, 'profile');
  assert.equal(hashParam(page, 'kind'), 'goroutine');
  assert.equal(hashParam(page, 'focus'), '^main\\.waitForReply$');
  assert.match(await page.getByTestId('picked').textContent(), /^goroutine profile at .* · goroutine · focus \^main\\\.waitForReply\$$/);
  const goroutineRows = await page.locator('[data-testid=profile-table] .fn').allTextContents();
  assert.ok(goroutineRows.includes('main.waitForReply') && !goroutineRows.some((r) => r.startsWith('internal/poll')), 'the flame graph is focused on the group: ' + goroutineRows.join(' | '));
  const focusedGroup = await page.locator('[data-testid=moment-goroutines] tr.focused').textContent();
  assert.ok(focusedGroup.includes('main.waitForReply'), 'the moment\'s groups mark the focused one: ' + focusedGroup);
  step('clicking a group shows its goroutine profile focused on it: ' + (await page.getByTestId('picked').textContent()));
  await page.screenshot({ path: shots + '/dashboard-goroutines.png', fullPage: true });
  step('goroutines screenshot');

  await page.goto(base + '#/bench');
  await page.getByTestId('bench-series').first().waitFor();
  const summary = await page.getByTestId('bench-summary').textContent();
  assert.match(summary, /^[1-9]\d* runs/, summary);
  const changes = await page.getByTestId('change-points').allTextContents();
  assert.ok(changes.some((c) => c.includes('3333333cccc')), 'bench history names the commit that added allocations');
  assert.ok(Number(await page.locator('[data-testid=bench-series][data-changes]').first().getAttribute('data-changes')) >= 1, 'change points are drawn');
  const benchText = await page.locator('main').textContent();
  assert.ok(benchText.includes(hostileBenchmark), 'a hostile benchmark name shows as text');
  await page.screenshot({ path: shots + '/dashboard-bench.png', fullPage: false });
  step('benchmark history charts each series with its change points: ' + summary);

  await page.goto(base + '#/');
  await page.locator('.target-link', { hasText: '9999' }).click();
  await page.getByTestId('chart').first().waitFor();
  const hostileNotes = await page.getByTestId('annotations').textContent();
  assert.ok(hostileNotes.includes('restart at') && hostileNotes.includes(hostileText), 'the restart and the alert show their hostile text as text: ' + hostileNotes);
  const overHostile = await page.locator('.u-over').first().boundingBox();
  await page.mouse.click(overHostile.x + overHostile.width * 0.95, overHostile.y + overHostile.height / 2);
  await page.waitForFunction(() => location.hash.includes('at='));
  await loaded(page, 'profile');
  const hostileRows = await page.locator('[data-testid=profile-table] .fn').allTextContents();
  assert.ok(hostileRows.includes(hostileFunction), 'the hostile function name shows as text: ' + hostileRows.join(' | '));
  await page.getByTestId('profile-search').fill('img');
  assert.ok((await frameUnderPointer(page, 'profile-flame', hostileFunction, true)).includes(hostileFunction), 'the tooltip shows the hostile name as text');
  assert.ok((await page.getByTestId('profile-focus').textContent()).includes(hostileFunction), 'the focus button names the hostile frame as text');
  await drag(page, 0.05, 0.3);
  await page.getByTestId('use-base').click();
  await drag(page, 0.7, 0.99);
  await page.getByTestId('use-new').click();
  await page.waitForFunction(() => location.hash.includes('new='));
  await loaded(page, 'diff');
  assert.ok((await page.locator('[data-testid=diff-table] .fn').allTextContents()).includes(hostileFunction), 'the diff table shows the hostile name as text');
  await page.getByTestId('goroutine-group').first().waitFor();
  assert.equal(await page.getByTestId('goroutine-group').first().getByTestId('group-focus').textContent(), hostileFunction, 'a goroutine group shows the hostile name as text');
  await page.getByTestId('goroutine-group').first().getByTestId('group-focus').click();
  await page.waitForFunction(() => location.hash.includes('kind=goroutine'));
  await loaded(page, 'profile');
  assert.ok((await page.locator('[data-testid=profile-table] .fn').allTextContents()).includes(hostileFunction), 'the goroutine profile focused on the hostile group shows its name as text');
  assert.equal(await page.locator('main img, main script, .flame-tip *:not(div)').count(), 0, 'no element made of a frame name, label, event or alert');
  step('hostile labels, function names, events, alerts and benchmark names render as text in every view');

  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script of the store ran');
  assert.deepEqual(errors, [], 'no error on the page');
  step('no script of the store ran, no page error');
} finally {
  await browser.close();
}
