// The dashboard in a real browser (Debian's chromium, driven by playwright-core): run by the .NET test suite
// (DashboardBrowserTests) against `gomem serve` on a copy of the demo store with a hostile target added.
//   node tests/dashboard.browser.mjs BASE_URL SCREENSHOT_DIR LEAKING_SERVICE HOSTILE_LABEL HOSTILE_FUNCTION
// Prints one line per step; exits non-zero with the failed step's reason.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [base, shots, leaking, hostileLabel, hostileFunction] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
const step = (text) => console.log('ok - ' + text);

// Hovers each row of the flame graph down the middle until the tooltip names `name`; returns the last tooltip.
async function frameUnderPointer(page, _, name) {
  const canvas = page.getByTestId('flame');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  let text = '';
  for (let y = 9; y < box.height; y += 18) {
    await page.mouse.move(box.x + box.width / 2, box.y + y);
    text = (await page.locator('.tip').textContent()) || '';
    if (text.includes(name)) break;
  }
  return text;
}
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
  step('overview lists the leaking target first, with its finding');
  const labels = await page.locator('.labels').allTextContents();
  assert.ok(labels.some((l) => l.includes(hostileLabel)), 'the hostile label shows as text');
  assert.equal(await page.locator('.labels script, .labels img').count(), 0, 'no element made of a label');
  await page.screenshot({ path: shots + '/dashboard-overview.png', fullPage: true });
  step('overview screenshot');

  await page.getByRole('link', { name: /7101/ }).click();
  await page.getByTestId('chart').first().waitFor();
  assert.ok(await page.locator('.chart canvas').count() >= 1, 'the target page draws its charts');
  step('the leaking target shows its charts');
  const over = page.locator('.u-over').first();
  const box = await over.boundingBox();
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
  await page.mouse.click(box.x + box.width * 0.9, box.y + box.height / 2);
  await page.getByTestId('profile').waitFor();
  await page.getByTestId('top-table').waitFor();
  const picked = await page.getByTestId('picked').textContent();
  assert.match(picked, /^Heap profile at /, 'a moment picked: ' + picked);
  const table = await page.getByTestId('top-table').textContent();
  assert.ok(table.includes('main.recordSession'), 'the top table names the leaking function');
  step('clicking a moment shows the stored heap profile: ' + picked);
  await page.getByTestId('flame-search').fill('recordSession');
  const matched = await page.getByTestId('matched').textContent();
  assert.match(matched, /^Matched: .*\(9\d\.\d\d% of total\)$/, 'the search matches most of the heap: ' + matched);
  assert.equal(await page.locator('.top tr.match').count(), 1, 'the top table marks the function searched');
  const flameBox = await page.getByTestId('flame').boundingBox();
  assert.ok(flameBox.height > 50, 'the flame graph is drawn');
  const tip = await frameUnderPointer(page, flameBox, 'main.recordSession');
  assert.ok(tip.includes('main.recordSession'), 'a frame of the flame graph is the leaking function: ' + tip);
  step('searching the flame graph finds main.recordSession: ' + matched);
  await page.screenshot({ path: shots + '/dashboard-target.png', fullPage: true });
  step('target screenshot');

  await page.goto(base + '#/');
  await page.getByRole('link', { name: /9999/ }).click();
  await page.getByTestId('chart').first().waitFor();
  const overHostile = await page.locator('.u-over').first().boundingBox();
  await page.mouse.click(overHostile.x + overHostile.width / 2, overHostile.y + overHostile.height / 2);
  await page.getByTestId('top-table').waitFor();
  const hostileRows = await page.locator('.top .fn').allTextContents();
  assert.ok(hostileRows.includes(hostileFunction), 'the hostile function name shows as text: ' + hostileRows.join(' | '));
  await page.getByTestId('flame-search').fill('img');
  const flameHostile = await page.getByTestId('flame').boundingBox();
  assert.ok((await frameUnderPointer(page, flameHostile, hostileFunction)).includes(hostileFunction), 'the tooltip shows the hostile name as text');
  assert.equal(await page.locator('main img, main script, .tip *:not(div)').count(), 0, 'no element made of a frame name');
  step('a hostile function name renders as text');

  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script of the store ran');
  assert.deepEqual(errors, [], 'no error on the page');
  step('no script of the store ran, no page error');
} finally {
  await browser.close();
}
