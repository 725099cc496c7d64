// Builds one migrated database before the run; every test file starts from a copy of it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { type TestDbInfo, withDatabase } from '../helpers/db-info.js';

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `cd_tpl_${process.pid}_${Date.now()}`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${template}"`);
    const d = await openDatabase({ url: withDatabase(url, template) });
    await d.close();
    project.provide('testDb', { kind: 'postgres', url, template } satisfies TestDbInfo);
    return async () => {
      const leftovers = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`cd_t_${process.pid}_%`} or datname = ${template}`;
      for (const { datname } of leftovers) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
      await admin.end();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'contract-desk-tpl-'));
  const pg = await PGlite.create();
  const d = await openDatabase({ pglite: pg });
  const dump = await pg.dumpDataDir('none');
  await d.close();
  const dumpPath = join(dir, 'template.tar');
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide('testDb', { kind: 'pglite', dumpPath } satisfies TestDbInfo);
  return () => rmSync(dir, { recursive: true, force: true });
}
