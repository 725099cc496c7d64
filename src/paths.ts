// The project's own files that are not code (the migrations, the sandbox's page), found from the project's root: the
// code runs from src/ under tsx (tests, benchmarks) and from a compiled copy in .build/ under `npm start`, at
// different depths, so a path relative to the module would be right in one of them only.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot(dirname(fileURLToPath(import.meta.url)));
export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'drizzle');
export const SANDBOX_PUBLIC_DIR = join(PROJECT_ROOT, 'src/sandbox/public');
