// Bundles the dashboard of `gomem serve` into dist/ (index.html, app.js, app.css), which the GoMem assembly embeds
// when it is built after this. Everything the page needs is in those three files: no CDN, it works offline.
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';

const here = new URL('.', import.meta.url).pathname;
await rm(here + 'dist', { recursive: true, force: true });
await mkdir(here + 'dist');
await build({
  entryPoints: { app: here + 'src/main.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  outdir: here + 'dist',
  legalComments: 'none',
  logLevel: 'warning',
});
await copyFile(here + 'src/index.html', here + 'dist/index.html');
console.log('web: built dist/index.html, dist/app.js, dist/app.css');
