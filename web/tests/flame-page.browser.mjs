// gomem flame's page in a real browser (Debian's chromium, playwright-core): the flame graph code it inlines is the
// one the dashboard bundles, so this checks the page still draws, searches and zooms under its strict CSP.
//   node tests/flame-page.browser.mjs PAGE.html FUNCTION
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';

const [file, fn] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(pathToFileURL(file).href);
  const box = await page.locator('#chart').boundingBox();
  assert.ok(box.height > 50, 'the flame graph is drawn');
  await page.locator('#search').fill(fn.replace(/^.*\./, ''));
  assert.match(await page.locator('#matched').textContent(), /^Matched: /, 'the search matches');
  let tip = '';
  for (let y = 9; y < box.height && !tip.includes(fn); y += 18) {
    await page.mouse.move(box.x + box.width / 2, box.y + y);
    tip = (await page.locator('#tip').textContent()) || '';
  }
  assert.ok(tip.includes(fn), 'a frame under the pointer is ' + fn + ': ' + tip);
  await page.mouse.click(box.x + box.width / 2, box.y + 27);
  assert.match(await page.locator('#path').textContent(), /^Zoomed: /, 'a click zooms');
  assert.deepEqual(errors, [], 'no error on the page (its CSP allows the inlined script by hash)');
  console.log('ok - gomem flame page draws, searches and zooms');
} finally {
  await browser.close();
}
