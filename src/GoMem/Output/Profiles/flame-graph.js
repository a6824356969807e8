// The flame graph of `gomem flame` and of the `gomem serve` dashboard: one copy, used by both. The flame page inlines
// this file (allowed by its hash in the page's Content-Security-Policy) and calls mountFlameGraph on its data island;
// the dashboard's bundle imports it. It draws an icicle chart of a FlameGraph's flat pre-order tree (see
// FlameDataJsonRenderer) on a canvas. Frame names come from the profile and are untrusted: they only ever reach the
// page through canvas text and textContent, never as markup.
'use strict';

// el: the page's elements { canvas, tip, search, matched, path, reset, empty }; data: the tree. Returns
// { dispose() } to drop the listeners it added before the elements get another graph.
function mountFlameGraph(el, data) {
  const names = data.names;
  const stride = data.stride;
  const raw = data.nodes;
  const count = Math.floor(raw.length / stride);
  const diff = data.diff;
  const ROW = 18;
  const FONT = '12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

  // Pre-order nodes (depth, name, inline, weight, value, self[, base, new]) back into a tree: parent,
  // end of subtree (so a whole subtree can be skipped) and left offset in weight units. No recursion:
  // stacks can be very deep.
  const depth = new Int32Array(count), nameOf = new Int32Array(count), inl = new Uint8Array(count);
  const weight = new Float64Array(count), value = new Float64Array(count), self = new Float64Array(count);
  const base = new Float64Array(diff ? count : 0), added = new Float64Array(diff ? count : 0);
  const parent = new Int32Array(count), end = new Int32Array(count), left = new Float64Array(count), used = new Float64Array(count);
  const open = [];
  let maxDepth = 0;
  for (let i = 0; i < count; i++) {
    const o = i * stride;
    depth[i] = raw[o]; nameOf[i] = raw[o + 1]; inl[i] = raw[o + 2];
    weight[i] = raw[o + 3]; value[i] = raw[o + 4]; self[i] = raw[o + 5];
    if (diff) { base[i] = raw[o + 6]; added[i] = raw[o + 7]; }
    while (open.length > depth[i]) end[open.pop()] = i;
    const p = open.length ? open[open.length - 1] : -1;
    parent[i] = p;
    if (p >= 0) { left[i] = left[p] + used[p]; used[p] += weight[i]; }
    open.push(i);
    if (depth[i] > maxDepth) maxDepth = depth[i];
  }
  while (open.length) end[open.pop()] = count;

  // Values as pprof prints them: bytes by 1024, times by SI steps, counts bare; "%.2f" without ".00".
  const UNIT_TYPES = [
    [['B', 1, ['b', 'byte']], ['kB', 1024, ['kb', 'kbyte', 'kilobyte']], ['MB', 1048576, ['mb', 'mbyte', 'megabyte']],
     ['GB', 1073741824, ['gb', 'gbyte', 'gigabyte']], ['TB', 1099511627776, ['tb', 'tbyte', 'terabyte']],
     ['PB', 1125899906842624, ['pb', 'pbyte', 'petabyte']]],
    [['ns', 1, ['ns', 'nanosecond']], ['us', 1e3, ['\u03bcs', 'us', 'microsecond']], ['ms', 1e6, ['ms', 'millisecond']],
     ['s', 1e9, ['s', 'sec', 'second']], ['hrs', 3600e9, ['hour', 'hr']]],
  ];
  const DEFAULT_UNIT = [0, 3];
  const sniff = (u) => {
    u = String(u).toLowerCase();
    if (u.length > 2 && u.endsWith('s')) u = u.slice(0, -1);
    for (let t = 0; t < UNIT_TYPES.length; t++) {
      for (const unit of UNIT_TYPES[t]) if (unit[2].includes(u)) return { type: t, unit };
    }
    return null;
  };
  const from = sniff(data.unit);
  const fixed = data.displayUnit === 'minimum' || data.displayUnit === 'auto' ? null : sniff(data.displayUnit);
  const twoPlaces = (v) => {
    let s = v.toFixed(2);
    if (s.endsWith('.00')) s = s.slice(0, -3);
    return s === '-0' ? '0' : s;
  };
  const fmt = (v) => {
    if (v === 0) return '0';
    if (!from) return twoPlaces(v);
    const amount = Math.abs(v) * from.unit[1];
    let unit = fixed && fixed.type === from.type ? fixed.unit : null;
    if (!unit) {
      for (const u of UNIT_TYPES[from.type]) if (amount / u[1] >= 1 && (!unit || u[1] >= unit[1])) unit = u;
      if (!unit) unit = UNIT_TYPES[from.type][DEFAULT_UNIT[from.type]];
    }
    const text = twoPlaces(amount / unit[1]);
    return text === '0' ? '0' : (v < 0 ? '-' : '') + text + unit[0];
  };
  const signed = (v) => (v > 0 ? '+' : '') + fmt(v);
  const pct = (v, t) => (t === 0 ? '-' : (100 * v / Math.abs(t)).toFixed(2) + '%');

  const canvas = el.canvas, tip = el.tip, search = el.search, matched = el.matched, pathLine = el.path;
  const listening = new AbortController();
  const signal = listening.signal;
  const handle = { dispose: () => listening.abort() };
  tip.hidden = true;
  pathLine.textContent = '';
  matched.textContent = '';
  if (count === 0 || weight[0] === 0) {
    canvas.hidden = true;
    el.empty.hidden = false;
    return handle;
  }
  canvas.hidden = false;
  el.empty.hidden = true;

  const ctx = canvas.getContext('2d');
  const hashOf = (s) => {
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return h >>> 0;
  };
  // Frames of one Go package share a colour: the name up to the first dot after the last slash.
  const packageOf = (name) => {
    const dot = name.indexOf('.', name.lastIndexOf('/') + 1);
    return dot > 0 ? name.slice(0, dot) : name;
  };
  const mix = (a, b, t) => 'rgb(' + a.map((c, k) => Math.round(c + (b[k] - c) * t)).join(',') + ')';
  const colours = new Array(count);
  const inks = new Array(count);
  for (let i = 0; i < count; i++) {
    if (diff) {
      const m = Math.max(Math.abs(base[i]), Math.abs(added[i]));
      const r = m === 0 ? 0 : value[i] / m;
      const a = r === 0 ? 0 : 0.2 + 0.8 * Math.min(1, Math.abs(r));
      colours[i] = r > 0 ? mix([242, 226, 226], [214, 32, 32], a) : r < 0 ? mix([226, 236, 242], [31, 111, 214], a) : 'rgb(220,220,220)';
      inks[i] = a > 0.6 ? '#fff' : '#000';
    } else if (i === 0) {
      colours[i] = 'rgb(200,200,200)';
      inks[i] = '#000';
    } else {
      const h = hashOf(packageOf(names[nameOf[i]]));
      const light = 58 + (h >>> 8) % 12 + (inl[i] ? 10 : 0);
      colours[i] = 'hsl(' + (5 + h % 45) + ',' + (70 + (h >>> 16) % 20) + '%,' + light + '%)';
      inks[i] = '#000';
    }
  }

  let zoom = 0;
  let matchRe = null;
  let nameMatch = new Int8Array(names.length);
  let rows = [];
  let width = 0;
  const isMatch = (i) => {
    const n = nameOf[i];
    if (nameMatch[n] === 0) nameMatch[n] = matchRe.test(names[n]) ? 1 : 2;
    return nameMatch[n] === 1;
  };
  const fit = (name, px, charWidth) => {
    const room = Math.floor(px / charWidth);
    if (name.length <= room) return name;
    const short = name.slice(name.lastIndexOf('/') + 1);
    if (short.length <= room) return short;
    return room >= 2 ? short.slice(0, room - 1) + '\u2026' : '';
  };

  // Draws the zoomed node and its subtree across the full width, its ancestors as full-width bars, and
  // skips every subtree that is off screen or narrower than half a pixel.
  const render = () => {
    width = canvas.parentElement.clientWidth - 24;
    const dpr = window.devicePixelRatio || 1;
    const height = (maxDepth + 1) * ROW;
    canvas.style.height = height + 'px';
    canvas.width = Math.max(1, Math.round(width * dpr));
    canvas.height = Math.max(1, Math.round(height * dpr));
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = FONT;
    ctx.textBaseline = 'middle';
    const charWidth = ctx.measureText('M').width || 7;
    const x0 = left[zoom], scale = width / (weight[zoom] || 1), zoomEnd = end[zoom];
    rows = [];
    for (let d = 0; d <= maxDepth; d++) rows.push({ ids: [], xs: [], ws: [] });
    let i = 0;
    while (i < count) {
      let x, w;
      if (i <= zoom && zoom < end[i]) {
        x = 0; w = width;
      } else if (i > zoom && i < zoomEnd) {
        x = (left[i] - x0) * scale; w = weight[i] * scale;
      } else {
        i = end[i];
        continue;
      }
      if (w < 0.5) { i = end[i]; continue; }
      const y = depth[i] * ROW;
      const hit = matchRe !== null && i > 0 && isMatch(i);
      ctx.globalAlpha = matchRe === null || hit || i === 0 ? 1 : 0.35;
      ctx.fillStyle = hit ? '#e040fb' : colours[i];
      ctx.fillRect(x, y, Math.max(w - (w > 2 ? 1 : 0), 0.5), ROW - 1);
      if (w > 24) {
        const label = fit(names[nameOf[i]], w - 6, charWidth);
        if (label) {
          ctx.fillStyle = hit ? '#000' : inks[i];
          ctx.fillText(label, x + 3, y + ROW / 2);
        }
      }
      const row = rows[depth[i]];
      row.ids.push(i); row.xs.push(x); row.ws.push(w);
      i++;
    }
    ctx.globalAlpha = 1;
  };

  const nodeAt = (event) => {
    const box = canvas.getBoundingClientRect();
    const mx = event.clientX - box.left, d = Math.floor((event.clientY - box.top) / ROW);
    if (d < 0 || d >= rows.length) return -1;
    const row = rows[d];
    let lo = 0, hi = row.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (mx < row.xs[mid]) hi = mid - 1;
      else if (mx >= row.xs[mid] + row.ws[mid]) lo = mid + 1;
      else return row.ids[mid];
    }
    return -1;
  };

  const line = (text, cls) => {
    const div = document.createElement('div');
    if (cls) div.className = cls;
    div.textContent = text;
    tip.appendChild(div);
  };
  const showTip = (i, event) => {
    tip.replaceChildren();
    const mark = inl[i] === 1 ? ' (inline)' : inl[i] === 2 ? ' (partial-inline)' : '';
    line(names[nameOf[i]] + mark, 'name');
    const p = parent[i];
    if (diff) {
      line('Base: ' + fmt(base[i]) + ' \u00b7 New: ' + fmt(added[i]));
      line('Change: ' + signed(value[i]) + (base[i] !== 0 ? ' (' + (value[i] > 0 ? '+' : '') + pct(value[i], base[i]) + ' of base)' : ' (new)'));
      line('Change is ' + pct(value[i], data.total) + ' of the base total' + (p >= 0 ? '; new is ' + pct(added[i], added[p]) + ' of the parent\'s new' : ''));
      line('Self change: ' + signed(self[i]));
    } else {
      line('Value: ' + fmt(value[i]) + ' (' + pct(value[i], data.total) + ' of total' + (p >= 0 ? ', ' + pct(value[i], value[p]) + ' of parent' : '') + ')');
      line('Self: ' + fmt(self[i]) + ' (' + pct(self[i], data.total) + ' of total)');
    }
    tip.hidden = false;
    const pad = 14, box = tip.getBoundingClientRect();
    let x = event.clientX + pad, y = event.clientY + pad;
    if (x + box.width > window.innerWidth) x = Math.max(0, event.clientX - pad - box.width);
    if (y + box.height > window.innerHeight) y = Math.max(0, event.clientY - pad - box.height);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  };

  const describeZoom = () => {
    if (zoom === 0) { pathLine.textContent = ''; return; }
    const parts = [];
    for (let i = zoom; i > 0; i = parent[i]) parts.push(names[nameOf[i]]);
    pathLine.textContent = 'Zoomed: ' + parts.reverse().join(' \u203a ');
  };
  const zoomTo = (i) => { zoom = i; describeZoom(); render(); };

  const updateSearch = () => {
    const q = search.value;
    nameMatch = new Int8Array(names.length);
    if (q === '') {
      matchRe = null;
      matched.textContent = '';
    } else {
      try { matchRe = new RegExp(q); } catch { matchRe = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')); }
      // Matched share: a match's whole subtree counts once, nested matches are not added again.
      let sum = 0;
      for (let i = 1; i < count;) {
        if (isMatch(i)) { sum += value[i]; i = end[i]; } else i++;
      }
      matched.textContent = 'Matched: ' + fmt(sum) + ' (' + pct(sum, data.total) + (diff ? ' of base total)' : ' of total)');
    }
    render();
  };

  canvas.addEventListener('mousemove', (event) => {
    const i = nodeAt(event);
    if (i < 0) tip.hidden = true; else showTip(i, event);
  }, { signal });
  canvas.addEventListener('mouseleave', () => { tip.hidden = true; }, { signal });
  canvas.addEventListener('click', (event) => {
    const i = nodeAt(event);
    if (i >= 0) zoomTo(i === zoom ? parent[i] < 0 ? 0 : parent[i] : i);
  }, { signal });
  el.reset.addEventListener('click', () => zoomTo(0), { signal });
  search.addEventListener('input', updateSearch, { signal });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') { search.value = ''; updateSearch(); zoomTo(0); }
  }, { signal });
  let pending = false;
  window.addEventListener('resize', () => {
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; render(); }); }
  }, { signal });
  if (search.value !== '') updateSearch(); else render();
  return handle;
}

if (typeof module === 'object' && module.exports) module.exports = mountFlameGraph;
