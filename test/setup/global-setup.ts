// Builds one migrated database before the run; every test file starts from a copy of it. The server is the one
// DATABASE_URL names, or else an embedded cluster of the suite's own (what `npm start` runs by default), made for
// this run in a temporary folder and stopped after it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/db/client.js';
import { startEmbedded } from '../../src/db/embedded.js';
import { type TestDbInfo, withDatabase } from '../helpers/db-info.js';

export default async function setup(project: TestProject) {
  let url = process.env.DATABASE_URL;
  let teardownServer = async () => {};
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'contract-desk-test-pg-'));
    chmodSync(dir, 0o755); // as root the cluster runs as the postgres user, which must reach the folder
    const cluster = await startEmbedded({ dataDir: dir, ephemeral: true });
    url = cluster.url;
    teardownServer = async () => {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const template = `cd_tpl_${process.pid}_${Date.now()}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  await migrateDatabase(withDatabase(url, template));
  project.provide('testDb', { url, template } satisfies TestDbInfo);
  return async () => {
    const leftovers = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`cd_t_${process.pid}_%`} or datname = ${template}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.end();
    await teardownServer();
  };
}
