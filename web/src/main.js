// The dashboard of `gomem serve`: #/ is the fleet overview (?job=&label=), #/target/ID a target's page (its state in
// the query: span, moment, diff ranges, profile options), #/bench the benchmark history. A change of the address
// that keeps the target and its span updates that page in place (its charts stay).
import 'uplot/dist/uPlot.min.css';
import '../../src/GoMem/Output/Profiles/flame-graph.css';
import './app.css';
import { showBench } from './bench.js';
import { currentHash, el } from './dom.js';
import { showOverview } from './overview.js';
import { showTarget } from './target.js';

let current = null;

async function route() {
  const view = document.getElementById('view');
  const { path, params } = currentHash();
  const match = /^\/target\/(\d+)$/.exec(path);
  const key = match ? match[1] + '|' + (params.get('from') || '') + '|' + (params.get('to') || '') : null;
  try {
    if (match && current && current.key === key) {
      await current.page.update(params);
      return;
    }
    current = null;
    window.scrollTo(0, 0);
    if (match) current = { key, page: await showTarget(view, match[1], params) };
    else if (path === '/bench') await showBench(view, params);
    else await showOverview(view, params);
  } catch (e) {
    current = null;
    view.replaceChildren(el('p', { class: 'error', 'data-testid': 'error' }, String(e.message || e)));
  }
}

window.addEventListener('hashchange', route);
route();
