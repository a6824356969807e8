// The only way this page makes elements: names, labels and frames come from the store and are untrusted, so text
// always goes in as a text node (never as markup).

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export async function getJson(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

export function labelText(labels) {
  return Object.entries(labels).map(([k, v]) => k + '="' + v + '"').join(', ');
}

// The page's state is its address: #/PATH?QUERY, so every view (a filter, a zoom, a diff) is a link.
export function currentHash() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const q = hash.indexOf('?');
  return { path: q < 0 ? hash : hash.slice(0, q), params: new URLSearchParams(q < 0 ? '' : hash.slice(q + 1)) };
}

export function hashOf(path, params) {
  const query = params ? params.toString() : '';
  return '#' + path + (query ? '?' + query : '');
}

// Changes some parameters of the current address (null removes one) and goes there.
export function setParams(changes) {
  const { path, params } = currentHash();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  const next = hashOf(path, params);
  if (next !== location.hash) location.hash = next;
}

// An API path with its query: parameters null or empty are left out.
export function api(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (Array.isArray(value)) value.forEach((v) => query.append(key, v));
    else if (value !== null && value !== undefined && value !== '') query.set(key, value);
  }
  const text = query.toString();
  return path + (text ? '?' + text : '');
}
