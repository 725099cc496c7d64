// `npm start`: runs the app from JavaScript compiled out of src/, not through tsx. tsx's loader hooks sit on every one
// of the ~600 modules the app loads (ours and node_modules'): a restart spent about 0.5 s in them. The compiled copy
// lives in .build/<signature of src/>; a changed, added or removed source file gives a new signature and a fresh
// build (esbuild, a few tenths of a second), so `npm start` never runs stale code.
// `node bin/start.mjs --build` (npm run build) only builds, and prints the build's folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const builds = join(root, '.build');
/** Changed with the build options below, so that no build made with other options is reused. */
const FORMAT = 'esm-node20-1';
/** Older builds kept: an app still running from one may yet load a module of it lazily. */
const KEEP = 3;

function sources(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) sources(path, out);
    else if (e.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

async function ensureBuilt() {
  const files = sources(src).sort();
  const hash = createHash('sha256').update(FORMAT);
  for (const f of files) {
    const s = statSync(f);
    hash.update(`${relative(src, f)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  const out = join(builds, hash.digest('hex').slice(0, 16));
  if (existsSync(join(out, 'main.js'))) return out;

  const { build } = await import('esbuild');
  mkdirSync(builds, { recursive: true });
  // Built aside and renamed into place: two starts at once never run a half-written build.
  const tmp = `${out}.tmp-${process.pid}`;
  // Source maps are written but not enabled: enabling them cost every restart ~70 ms of reading maps. For stack
  // traces with .ts lines, start with NODE_OPTIONS=--enable-source-maps.
  await build({ entryPoints: files, outdir: tmp, outbase: src, format: 'esm', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning' });
  try {
    renameSync(tmp, out);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another start built the same sources first
  }
  const older = readdirSync(builds)
    .filter((d) => join(builds, d) !== out && !d.includes('.tmp-'))
    .map((d) => ({ d, at: statSync(join(builds, d)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { d } of older.slice(KEEP)) rmSync(join(builds, d), { recursive: true, force: true });
  return out;
}

const out = await ensureBuilt();
if (process.argv.includes('--build')) process.stdout.write(`${relative(process.cwd(), out) || '.'}\n`);
else await import(pathToFileURL(join(out, 'main.js')).href);
