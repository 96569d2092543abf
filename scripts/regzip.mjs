// Rewrites the bundle's precompressed `.gz` copies with zopfli (a gzip encoder that searches
// harder; any gzip decoder reads its output). `cargo leptos build --precompress` writes them at
// a fast level: the main wasm was 284 KB that way, 243 KB with `gzip -9` and 232 KB with zopfli.
// Browsers that take only gzip get the smaller file at no cost to them; the first-load budget
// (end2end/bundle.test.mjs) is counted in these bytes. A copy is replaced only when smaller.
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipAsync } from '@gfx/zopfli';

const pkg = join(process.env.LEPTOS_SITE_ROOT ?? 'target/site', 'pkg');
let saved = 0;
for (const name of readdirSync(pkg)) {
  if (!name.endsWith('.gz')) continue;
  const gz = join(pkg, name);
  const original = gz.slice(0, -'.gz'.length);
  let source;
  try {
    source = readFileSync(original);
  } catch {
    continue;
  }
  const better = await gzipAsync(source, { numiterations: 15 });
  const before = statSync(gz);
  if (better.length < before.size) {
    writeFileSync(gz, better);
    // Keep the build's time: the server's Last-Modified stays that of the bundle.
    utimesSync(gz, before.atime, before.mtime);
    saved += before.size - better.length;
  }
}
console.log(`regzip: ${pkg}: .gz copies ${saved} bytes smaller`);
