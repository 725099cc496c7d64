// Whether the demo company is seeded at start. The sandbox (no Slack) keeps both demo workspaces; with Slack the
// fictitious company is never written unless SEED_DEMO names the workspace (team id) it is to be for.
import { count, eq } from 'drizzle-orm';
import { accounts } from '../db/schema.js';
import type { Logger } from '../log.js';
import type { Ctx } from '../services/context.js';
import { seedDemoAccount } from './demo.js';
import { seedSandboxQingCloud, seedSandboxWorkspace } from './sandbox.js';

export async function seedAtStart(ctx: Ctx, log: Logger, o: { seedDemo: string; sandbox: boolean; teams: { tencent: string; qing: string } }): Promise<void> {
  const db = ctx.db;
  if (o.sandbox) {
    if (o.seedDemo === 'false') return;
    const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(accounts);
    if (Number(n) > 0) return;
    const acc = await seedSandboxWorkspace(ctx, o.teams.tencent);
    await seedSandboxQingCloud(ctx, o.teams.qing); // issue 13: the second workspace, on QingCloud
    log.info({ account: acc.accountId, orders: acc.orders.length, filings: acc.filings.length }, 'demo workspaces seeded');
    return;
  }
  if (!/^T/.test(o.seedDemo)) {
    if (o.seedDemo === 'true') log.info('SEED_DEMO=true seeds the sandbox only; with Slack, name the workspace: SEED_DEMO=T…');
    return;
  }
  const [existing] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.slackTeamId, o.seedDemo));
  if (existing) return;
  const acc = await seedDemoAccount(db, { teamId: o.seedDemo });
  log.info({ team: o.seedDemo, account: acc.accountId, orders: acc.orders.length }, 'demo company seeded as the named workspace (SEED_DEMO)');
}
