// `npm start` runs a compiled copy of src/ (bin/start.mjs). What must never happen is a start that runs code older
// than the sources: each case changes src/ in a scratch project and checks what the next start runs.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const project = mkdtempSync(join(tmpdir(), 'cd-launcher-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

mkdirSync(join(project, 'bin'));
mkdirSync(join(project, 'src'));
copyFileSync(join(repo, 'bin/start.mjs'), join(project, 'bin/start.mjs'));
symlinkSync(join(repo, 'node_modules'), join(project, 'node_modules'));
writeFileSync(join(project, 'package.json'), '{"type":"module"}');

const write = (file: string, text: string) => writeFileSync(join(project, 'src', file), text);
const start = () => execFileSync(process.execPath, [join(project, 'bin/start.mjs')], { cwd: project, encoding: 'utf8' }).trim();
const builds = () => readdirSync(join(project, '.build')).sort();

describe('npm start (bin/start.mjs)', () => {
  it('runs the TypeScript in src/, compiled, and builds again only when a source changes', () => {
    write('greeting.ts', "export const greeting: string = 'hello';\n");
    write('main.ts', "import { greeting } from './greeting.js';\nconst n: number = 1;\nconsole.log(greeting, n);\n");
    expect(start()).toBe('hello 1');
    const first = builds();
    expect(first).toHaveLength(1);

    expect(start()).toBe('hello 1');
    expect(builds()).toEqual(first); // nothing changed: the build is reused

    write('greeting.ts', "export const greeting: string = 'bonjour';\n");
    expect(start()).toBe('bonjour 1');
    expect(builds()).toHaveLength(2);
  });

  it('notices a file edited within the same second at the same size, and a file removed', () => {
    write('greeting.ts', "export const greeting: string = 'ni hao';\n");
    expect(start()).toBe('ni hao 1');
    write('greeting.ts', "export const greeting: string = 'ni hai';\n");
    const t = new Date();
    utimesSync(join(project, 'src/greeting.ts'), t, new Date(t.getTime() + 1)); // a later mtime, same size
    expect(start()).toBe('ni hai 1');

    write('extra.ts', "export const extra = 'x';\n");
    write('main.ts', "import { greeting } from './greeting.js';\nimport { extra } from './extra.js';\nconsole.log(greeting, extra);\n");
    expect(start()).toBe('ni hai x');
    unlinkSync(join(project, 'src/extra.ts'));
    write('main.ts', "import { greeting } from './greeting.js';\nconsole.log(greeting);\n");
    expect(start()).toBe('ni hai');
  });

  it('keeps the current build and the three before it', () => {
    for (const word of ['a', 'b', 'c', 'd', 'e']) {
      write('greeting.ts', `export const greeting = '${word}';\n`);
      expect(start()).toBe(word);
    }
    expect(builds()).toHaveLength(4);
  });

  it('--build builds without starting, and prints where', () => {
    write('main.ts', "console.log('started');\n");
    const out = execFileSync(process.execPath, [join(project, 'bin/start.mjs'), '--build'], { cwd: project, encoding: 'utf8' }).trim();
    expect(out).toMatch(/^\.build\/[0-9a-f]{16}$/);
    expect(readdirSync(join(project, out))).toContain('main.js');
  });
});
