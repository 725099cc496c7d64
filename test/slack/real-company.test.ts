// Issue 24's acceptance, as one story: two real companies on one process, neither known to the seed.
//  1. 云帆 (Chinese) runs the app with a bot token: its installer sets it up as a Tencent Cloud account in the set-up
//     modal, imports a CSV of 50 orders with 5 bad rows from the import modal's file input (each bad row named by its
//     row number, none written), and takes an order contract from /contract new to effective, every step in its thread.
//  2. Harbor (English) installs the app through OAuth on the same process, sets itself up as a QingCloud account,
//     imports its own orders and takes a consumption contract to formal.
//  3. Neither sees anything of the other, both ways: Home, the record, /contract show and verify of the other's
//     number and document, document and signing links, type-ahead, buttons carrying the other's contract ids.
//  4. Harbor removes the app (app_uninstalled): its tokens leave the database, nothing is sent to Slack for it
//     afterwards, its contracts and their trail stay.
// Everything goes through Slack as people do; only the e-sign service's reports (draft ready, sealed) are called.
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditEvents, contracts, installations, orders, outbox } from '../../src/db/schema.js';
import { stateKey } from '../../src/domain/lifecycle.js';
import type { EmuUser } from '../../src/sandbox/emulator.js';
import * as svc from '../../src/services/index.js';
import { must, SYSTEM } from '../helpers/flows.js';
import { fiftyOrders, importFile } from '../helpers/imports.js';
import { installThroughOAuth } from '../helpers/oauth.js';
import { blocksText, eventually, findButton, homeButton, nextEphemeral, useSlackApp } from '../helpers/slack.js';

const KEY = randomBytes(32).toString('base64');
const CLIENT = { clientId: '7301.8402', clientSecret: 'real-company-client-secret' };
const s = useSlackApp({ env: { SLACK_CLIENT_ID: CLIENT.clientId, SLACK_CLIENT_SECRET: CLIENT.clientSecret, TOKEN_ENCRYPTION_KEY: KEY } });
beforeAll(() => {
  s.emu.oauth.app = { ...CLIENT };
});
afterAll(() => {
  s.emu.oauth.app = null;
});

type Lang = 'zh-CN' | 'en-US';

/** A company's own workspace and people: Slack ids and a team id no seed has heard of. */
function people(tag: string, lang: Lang) {
  const zh = lang === 'zh-CN';
  const users: EmuUser[] = [];
  const person = (role: string, name: string, o: { isOwner?: boolean } = {}) => {
    const id = `U${role}${tag}`;
    users.push({ id, name, locale: lang, ...o });
    return id;
  };
  return {
    team: `T${tag}${randomBytes(3).toString('hex').toUpperCase()}`,
    channel: `C${tag}NOTE`,
    users,
    // With a bot token the app cannot know who installed it: the one who did is the workspace's owner (users.info).
    installer: person('INS', zh ? '周帆' : 'Maya Lin', { isOwner: true }),
    approver: person('APR', zh ? '吴桐' : 'Omar Reyes'),
    requester: person('REQ', zh ? '许可' : 'Nina Park'),
  };
}
type People = ReturnType<typeof people>;

interface Company extends People {
  lang: Lang;
  accountId: string;
  /** Its contracts (id, number), and what the other must not see of it. */
  contracts: { id: string; number: string }[];
  /** Its own orders' ids. */
  orders: string[];
  /** Its formal document's fingerprint and SHA-256. */
  hashes: string[];
  /** Buttons its people were shown that carry its contracts' ids. */
  buttons: { actionId: string; value: string }[];
}

const settle = async () => {
  await s.app.slack.idle();
  await s.drain();
};
const reload = async (id: string) => (await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, id)))[0]!;
const newest = async (accountId: string) => (await svc.listContracts(s.db.ctx.db, accountId, { limit: 1 }))[0]!;

/** The set-up modal, opened from the answer to any /contract, both pages filled as the installer does. */
async function setUp(p: People, page1: Record<string, string>, page2: Record<string, string | string[]>) {
  s.emu.use(p.team);
  const e = await nextEphemeral(s.emu, p.installer, () => s.emu.command(p.installer, 'help'));
  await s.emu.clickAction(
    p.installer,
    { message: { channel: s.emu.dmChannel(p.installer), ts: e.ts ?? '1', text: e.text, blocks: e.blocks, edits: 0 } },
    findButton(e.blocks, 'setup:open'),
  );
  await eventually(() => s.emu.openView(p.installer)?.view.callback_id === 'setup:account', 'the set-up modal');
  expect((await s.emu.submitView(p.installer, page1)).errors).toBeUndefined();
  expect(s.emu.openView(p.installer)!.view.callback_id).toBe('setup:roles');
  expect((await s.emu.submitView(p.installer, { notify_channel: p.channel, ...page2 })).errors).toBeUndefined();
  await s.app.slack.idle();
  const [a] = await s.db.ctx.db.select().from(accounts).where(eq(accounts.slackTeamId, p.team));
  return a!;
}

/** Opens the Home tab, clicks this contract's button, lets the app finish. */
async function clickHome(user: string, actionId: string, contractId: string) {
  const b = await homeButton(s.emu, user, actionId, contractId);
  const before = (await reload(contractId)).version;
  await s.emu.clickAction(user, { home: true }, b);
  await eventually(async () => (await reload(contractId)).version !== before, `the effect of ${actionId}`);
  await settle();
}

/** /contract new: the kind (and channel where the vendor has two), then the items picked in the type-ahead. */
async function start(user: string, first: Record<string, string>, items?: string[]) {
  await s.emu.closeView(user);
  await s.emu.command(user, 'new');
  await eventually(() => s.emu.openView(user), 'the new-contract modal');
  expect((await s.emu.submitView(user, first)).errors).toBeUndefined();
  if (!items) return;
  const offered = (await s.emu.suggest(user, 'items', '')).map((o) => o.value);
  for (const id of items) expect(offered).toContain(id);
  expect((await s.emu.submitView(user, { items })).errors).toBeUndefined();
}

/** The thread of a contract in the notification channel: its root and replies' texts. */
function threadOf(channel: string, number: string) {
  const root = s.emu.roots(channel).find((m) => m.text.includes(number));
  expect(root, `the thread of ${number}`).toBeDefined();
  return { root: root!.text, replies: s.emu.thread(channel, root!.ts).map((m) => m.text) };
}

async function formalHashes(id: string) {
  const doc = (await svc.ensureDocument(s.db.ctx, id, 'formal'))!;
  return [doc.contentFingerprint!, doc.sha256];
}

/** Buttons the requester's Home shows for these contracts, and /contract show's Download for each. */
async function buttonsOf(c: Company) {
  s.emu.use(c.team);
  await s.emu.openHome(c.requester);
  const home = await eventually(() => s.emu.homes.get(c.requester), 'the Home');
  const ids = c.contracts.map((x) => x.id);
  const out = ((home.blocks as { elements?: { action_id?: string; value?: string }[] }[]) ?? [])
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.action_id && ids.some((id) => e.value?.includes(id)))
    .map((e) => ({ actionId: e.action_id!, value: e.value! }));
  for (const x of c.contracts) {
    const shown = await nextEphemeral(s.emu, c.requester, () => s.emu.command(c.requester, `show ${x.number}`));
    out.push(findButton(shown.blocks, 'doc:download', x.id));
  }
  return out;
}

/** Everything `me`'s people can reach shows nothing of `other`, and nothing they do touches it. */
async function blind(me: Company, other: Company) {
  s.emu.use(me.team);
  const theirs = new Set(me.contracts.map((c) => c.number));
  // The other's ids and links, its orders, and the numbers it has that `me` has not (a shared number is `me`'s own).
  const secrets = [
    ...other.contracts.flatMap((c) => [c.id, ...(theirs.has(c.number) ? [] : [c.number])]),
    ...other.orders.filter((id) => !me.orders.includes(id)),
    ...other.hashes,
    other.team,
    other.channel,
  ];
  const clean = (what: string, x: unknown) => {
    const text = typeof x === 'string' ? x : JSON.stringify(x);
    for (const secret of secrets) expect(text, `${what} in ${me.team} shows ${secret}`).not.toContain(secret);
  };

  for (const user of [me.requester, me.installer]) {
    await s.emu.openHome(user);
    await eventually(() => s.emu.homes.get(user), 'the Home');
    await s.app.slack.idle();
    clean('Home', s.emu.homes.get(user));
  }

  await s.emu.closeView(me.installer);
  await s.emu.clickAction(me.installer, { home: true }, findButton(s.emu.homes.get(me.installer)!.blocks, 'home:record'));
  const record = await eventually(() => s.emu.openView(me.installer), 'the record');
  for (const c of me.contracts) expect(blocksText(record.view.blocks)).toContain(c.number);
  clean('the record', record.view);
  await s.emu.closeView(me.installer);

  for (const c of other.contracts) {
    const show = await nextEphemeral(s.emu, me.requester, () => s.emu.command(me.requester, `show ${c.number}`));
    const mine = me.contracts.find((x) => x.number === c.number);
    if (mine) expect(blocksText(show.blocks)).toContain(mine.id);
    else expect(show.text.replaceAll(c.number, '')).toMatch(/找不到合同|No contract/);
    clean('/contract show', { ...show, text: show.text.replaceAll(c.number, '') });
  }
  for (const hash of [...other.hashes, other.hashes[0]!.slice(0, 12)]) {
    const verify = await nextEphemeral(s.emu, me.requester, () => s.emu.command(me.requester, `verify ${hash}`));
    expect(verify.text).toMatch(/^❌/);
    clean('/contract verify', verify.text.replaceAll(hash, ''));
  }

  // Type-ahead: a new contract of this account's own item kind; the other's orders are not offered.
  await s.emu.closeView(me.requester);
  await s.emu.command(me.requester, 'new');
  await eventually(() => s.emu.openView(me.requester), 'the new-contract form');
  await s.emu.submitView(me.requester, me.lang === 'zh-CN' ? { kind: 'order', channel: 'vendor_seal' } : { kind: 'consumption' });
  for (const id of other.orders.slice(0, 3)) expect((await s.emu.suggest(me.requester, 'items', id)).map((o) => o.value)).toEqual(['-']);
  clean('the type-ahead', await s.emu.suggest(me.requester, 'items', ''));
  await s.emu.closeView(me.requester);

  // The other's buttons (its Home's actions and Download), clicked here: refused, nothing changed, no link handed out.
  const before = await Promise.all(other.contracts.map((c) => reload(c.id)));
  const seen = new Map([me.requester, me.installer].map((u) => [u, s.emu.ephemeralsFor(u).length]));
  for (const user of [me.requester, me.installer]) {
    for (const b of other.buttons) {
      await s.emu.closeView(user);
      await s.emu.clickAction(user, { home: true }, b);
      await s.app.slack.idle();
    }
  }
  await s.drain();
  const after = await Promise.all(other.contracts.map((c) => reload(c.id)));
  expect(after.map((c) => [c.status, c.subStatus, c.version])).toEqual(before.map((c) => [c.status, c.subStatus, c.version]));
  for (const user of [me.requester, me.installer]) {
    const answers = s.emu.ephemeralsFor(user).slice(seen.get(user));
    expect(answers.length).toBeGreaterThan(0);
    clean('answers to the clicks', answers);
    clean('the DMs', s.emu.messages(s.emu.dmChannel(user)));
    const top = s.emu.openView(user);
    if (top) clean('a modal', top.view);
  }
  // Nothing of the other reached this workspace's channel, and no link of the other's (documents, signing) at all.
  clean('the notification channel', s.emu.messages(me.channel));
  const everything = JSON.stringify([s.emu.messages(me.channel), ...[me.requester, me.installer].map((u) => s.emu.ephemeralsFor(u))]);
  for (const c of other.contracts) expect(everything).not.toMatch(new RegExp(`/(documents|sign)/[^\\s"|>]*${c.id}`));
}

describe('a real company installs and runs on its own data (issue 24 acceptance)', () => {
  let yunfan: Company;
  let harbor: Company;

  it('云帆, with a bot token, sets up a Tencent Cloud account, imports 50 orders (5 refused) and makes an order contract effective', async () => {
    const p = people('YF', 'zh-CN');
    s.installWorkspace({ teamId: p.team, name: '云帆数据', users: p.users });
    s.emu.addChannel(p.channel, { name: 'hetong' });
    // Unknown to the seed: not linked, every command answers with the way forward.
    expect(await s.db.ctx.db.select().from(accounts).where(eq(accounts.slackTeamId, p.team))).toEqual([]);
    const account = await setUp(
      p,
      {
        vendor: 'tencent',
        cloud_account_id: '200034567890',
        verified_subject: '杭州云帆数据科技有限公司',
        subject_type: 'enterprise',
        address: '杭州市西湖区文三路 90 号',
        contact_name: '周帆',
        phone: '0571-88886666',
        email: 'legal@yunfan.example.cn',
        language: 'zh',
        time_zone: 'Asia/Shanghai',
      },
      { approvers: [p.approver], esign_admins: [p.installer] },
    );
    expect(account).toMatchObject({ vendor: 'tencent', cloudAccountId: '200034567890', notificationChannel: p.channel });

    // The CSV through the import modal's file input.
    const { csv, good, bad, badRows } = fiftyOrders();
    const r = await importFile(s, p.installer, 'orders', '订单导出.csv', new TextEncoder().encode(csv));
    expect(r.errors).toBeUndefined();
    expect(r.text).toContain('共 50 行：新增 *45*，更新 *0*，未变 *0*，拒绝 *5*');
    for (const row of badRows) expect(r.text).toContain(`第 ${row} 行`);
    const mine = await s.db.ctx.db
      .select({ id: orders.id })
      .from(orders)
      .where(and(eq(orders.accountId, account.id), inArray(orders.id, [...good, ...bad])));
    expect(mine.map((o) => o.id).sort()).toEqual([...good].sort());

    // A framework first (Tencent's order contracts need one in effect), then the order contract of two imported orders.
    await start(p.requester, { kind: 'framework', channel: 'vendor_seal' });
    expect((await s.emu.submitView(p.requester, {})).errors).toBeUndefined(); // Party A as set up
    const f = await newest(account.id);
    expect(f.partyA).toMatchObject({ name: '杭州云帆数据科技有限公司', phone: '0571-88886666' });
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, f.id));
    await clickHome(p.requester, 'act:convert', f.id);
    must(await svc.vendorSealed(s.db.ctx, SYSTEM, f.id));
    const picked = good.filter((_, i) => i % 3 !== 2).slice(0, 2); // 包年包月: prepaid
    await start(p.requester, { kind: 'order', channel: 'vendor_seal' }, picked);
    expect((await s.emu.submitView(p.requester, {})).errors).toBeUndefined();
    const c = await newest(account.id);
    expect(c.kind).toBe('order');
    expect((await svc.itemsOf(s.db.ctx.db, c.id)).map((i) => i.itemRef).sort()).toEqual([...picked].sort());
    must(await svc.draftGenerated(s.db.ctx, SYSTEM, c.id));
    await clickHome(p.requester, 'act:convert', c.id);
    must(await svc.vendorSealed(s.db.ctx, SYSTEM, c.id));
    await settle();
    expect(stateKey(await reload(c.id))).toBe('effective/e_effective');
    const t = threadOf(p.channel, c.number);
    expect(t.root).toContain('已生效');
    expect(t.replies.join('\n')).toMatch(/创建[\s\S]*草稿已生成[\s\S]*转为正式合同[\s\S]*腾讯云已签章/);
    expect(t.replies.join('\n')).toMatch(new RegExp(`/documents/${c.id}/formal\\?exp=\\d+&sig=`));

    yunfan = {
      ...p,
      lang: 'zh-CN',
      accountId: account.id,
      contracts: [
        { id: f.id, number: f.number },
        { id: c.id, number: c.number },
      ],
      orders: good,
      hashes: await formalHashes(c.id),
      buttons: [],
    };
  });

  it('Harbor, installed through OAuth on the same process, sets up a QingCloud account in English, imports its orders and makes a consumption contract formal', async () => {
    const p = people('HB', 'en-US');
    s.emu.createTeam({ id: p.team, name: 'Harbor Analytics', botToken: null, users: p.users });
    const installed = await installThroughOAuth(s.app.url, s.emu, p.team, { userId: p.installer });
    expect(installed.res.status).toBe(200);
    s.emu.use(p.team);
    s.emu.addChannel(p.channel, { name: 'contracts' });
    const account = await setUp(
      p,
      {
        vendor: 'qingcloud',
        cloud_account_id: 'usr-HarB0r42',
        verified_subject: '深圳港湾数据有限公司',
        subject_type: 'enterprise',
        address: '深圳市南山区科技园南区 8 栋',
        contact_name: 'Maya Lin',
        phone: '0755-26668888',
        email: 'ops@harbor.example.com',
        language: 'en',
        time_zone: 'Asia/Shanghai',
      },
      { approvers: [p.approver] },
    );
    expect(account).toMatchObject({ vendor: 'qingcloud', language: 'en' });

    const ids = Array.from({ length: 8 }, (_, i) => `QC-HB-${String(i + 1).padStart(4, '0')}`);
    const lines = [
      'Order ID,Product,Pay mode,Amount,Create time',
      ...ids.map((id, i) => `${id},Cloud server,${i < 5 ? 'postpaid' : 'prepaid'},${300 + i}.00,2026-10-0${1 + i} 09:00:00`),
    ];
    const r = await importFile(s, p.installer, 'orders', 'orders.csv', new TextEncoder().encode(lines.join('\n') + '\n'));
    expect(r.text).toContain('8 rows: *8* added, *0* updated, *0* unchanged, *0* refused');

    const usage = ids.slice(0, 3);
    await start(p.requester, { kind: 'consumption' }, usage);
    expect((await s.emu.submitView(p.requester, {})).errors).toBeUndefined(); // the records reviewed
    expect((await s.emu.submitView(p.requester, {})).errors).toBeUndefined(); // Party A as set up: the draft saved
    const c = await newest(account.id);
    expect([c.kind, stateKey(c)]).toEqual(['consumption', 'draft/draft_ready']);
    await settle();
    await clickHome(p.requester, 'act:convert', c.id);
    expect(stateKey(await reload(c.id))).toBe('effective/e_effective');
    const t = threadOf(p.channel, c.number);
    expect(t.replies.length).toBeGreaterThan(2);
    expect(t.replies.join('\n')).not.toMatch(/腾讯|Tencent/);

    harbor = {
      ...p,
      lang: 'en-US',
      accountId: account.id,
      contracts: [{ id: c.id, number: c.number }],
      orders: ids,
      hashes: await formalHashes(c.id),
      buttons: [],
    };
    // Each account numbers its own: both start at 000001.
    expect(c.number).toBe(yunfan.contracts[0]!.number);
  });

  it('neither workspace sees or acts on anything of the other, both ways', async () => {
    yunfan.buttons = await buttonsOf(yunfan);
    harbor.buttons = await buttonsOf(harbor);
    await blind(yunfan, harbor);
    await blind(harbor, yunfan);
  });

  it('Harbor removes the app: its tokens are gone, nothing is sent for it afterwards, its contracts and trail stay', async () => {
    const token = s.emu.botToken(harbor.team)!;
    const trail = await s.db.ctx.db.select().from(auditEvents).where(eq(auditEvents.accountId, harbor.accountId));
    const mark = s.emu.calls.length;
    await s.emu.uninstall(harbor.team);
    await eventually(
      async () => (await s.db.ctx.db.select().from(installations).where(eq(installations.teamId, harbor.team)))[0]?.uninstalledAt,
      'the uninstall recorded',
    );
    const [row] = await s.db.ctx.db.select().from(installations).where(eq(installations.teamId, harbor.team));
    expect([row!.botTokenEnc, row!.botRefreshTokenEnc]).toEqual([null, null]);
    expect(JSON.stringify(row)).not.toContain(token);

    // Work that would notify Slack: a new contract saved by the services, and a person typing a command.
    const actor = { type: 'user' as const, accountId: harbor.accountId, userId: harbor.requester };
    must(await svc.createDraft(s.db.ctx, actor, { kind: 'framework', channel: 'vendor_seal', itemIds: [] }));
    await s.emu.command(harbor.requester, 'list');
    await s.emu.openHome(harbor.requester);
    await settle();
    expect(s.emu.calls.slice(mark).filter((c) => c.token === token || c.team === harbor.team)).toEqual([]);
    const waiting = await s.db.ctx.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.accountId, harbor.accountId), isNull(outbox.deliveredAt)));
    expect(waiting.length).toBeGreaterThan(0);

    // Its contracts and their trail are all still there.
    for (const c of harbor.contracts) expect(stateKey(await reload(c.id))).toBe('effective/e_effective');
    const kept = await s.db.ctx.db.select().from(auditEvents).where(eq(auditEvents.accountId, harbor.accountId));
    expect(kept.map((e) => e.id)).toEqual(expect.arrayContaining(trail.map((e) => e.id)));

    // 云帆, on its bot token, is served as before.
    s.emu.use(yunfan.team);
    const answer = await nextEphemeral(s.emu, yunfan.requester, () => s.emu.command(yunfan.requester, 'list'));
    expect(answer.text).toContain('我的合同');
  });
});
