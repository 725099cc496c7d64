// Wires the parts together: database, demo data, HTTP server. main.ts only reads the environment and calls this.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { count } from 'drizzle-orm';
import type { Config } from './config.js';
import { type Database, openDatabase } from './db/client.js';
import { accounts } from './db/schema.js';
import type { Logger } from './log.js';
import { seedDemoAccount } from './seed/demo.js';

export interface App {
  database: Database;
  server: Server;
  url: string;
  stop(): Promise<void>;
}

export const DEMO_TEAM_ID = 'T0DEMO0001';

export async function startApp(config: Config, log: Logger): Promise<App> {
  const started = Date.now();
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, poolMax: config.DB_POOL_MAX });
  log.info({ driver: database.driver, dataDir: config.DATABASE_URL ? undefined : config.DATA_DIR }, 'database ready, migrations applied');

  if (config.SEED_DEMO) {
    const [{ n } = { n: 0 }] = await database.db.select({ n: count() }).from(accounts);
    if (Number(n) === 0) {
      const acc = await seedDemoAccount(database.db, { teamId: DEMO_TEAM_ID });
      log.info({ account: acc.accountId, orders: acc.orders.length, filings: acc.filings.length }, 'demo workspace seeded');
    }
  }

  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, driver: database.driver }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}`;
  log.info({ url, ms: Date.now() - started }, 'contract-desk ready');

  return {
    database,
    server,
    url,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
