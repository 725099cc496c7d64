// The ack bench's targets run as `npm start` runs the app: plain Node on the JavaScript bin/start.mjs compiles out of
// src/ into .build/, not through tsx. Under tsx every function carries esbuild's keepNames wrapper and the loader's
// hooks stay installed; the app measured that way allocated ~10% more per click (19–22 scavenges in 15 s at 300 req/s
// against 18–19 built) than what users run.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

/**
 * bench/ack-target.ts compiled alone into one file, its imports of src/ pointed at `npm start`'s build of them (the
 * same modules, not a second copy bundled in) and its packages left to node_modules. Returns the file's path.
 */
export async function builtAckTarget(): Promise<string> {
  const app = resolve(root, execFileSync(process.execPath, ['bin/start.mjs', '--build'], { cwd: root, encoding: 'utf8' }).trim());
  // Under node_modules so that the file's own imports of packages resolve, and outside .build/, whose old builds
  // bin/start.mjs prunes.
  const dir = join(root, 'node_modules/.cache/contract-desk');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'ack-target.mjs');
  await build({
    entryPoints: [join(root, 'bench/ack-target.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    plugins: [
      {
        name: 'src-from-build',
        setup(b) {
          b.onResolve({ filter: /^\.{1,2}\/(.*\/)?src\// }, (a) => {
            const file = resolve(a.resolveDir, a.path);
            const rel = file.slice(join(root, 'src').length + 1);
            return { path: pathToFileURL(join(app, rel)).href, external: true };
          });
        },
      },
    ],
  });
  return outfile;
}
