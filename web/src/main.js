// The dashboard of `gomem serve`: #/ is the fleet overview, #/target/ID a target's page.
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { el } from './dom.js';
import { showOverview } from './overview.js';
import { showTarget } from './target.js';

async function route() {
  const view = document.getElementById('view');
  const match = /^#\/target\/(\d+)/.exec(location.hash);
  try {
    if (match) await showTarget(view, match[1]);
    else await showOverview(view);
  } catch (e) {
    view.replaceChildren(el('p', { class: 'error', 'data-testid': 'error' }, String(e.message || e)));
  }
}

window.addEventListener('hashchange', route);
route();
