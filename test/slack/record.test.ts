// 合同申请记录 (R16): the account's whole record for people with a role, filtered and paged within Slack's limits.
import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts, members } from '../../src/db/schema.js';
import { RECORD_PAGE_SIZE } from '../../src/services/record-page.js';
import { effectiveFramework } from '../helpers/flows.js';
import { blocksText, eventually, homeButton, U, useSlackApp } from '../helpers/slack.js';

type Select = { action_id: string; options: { text: { text: string }; value: string }[]; initial_option: { text: { text: string } } };
/** The record's filters as a person reads them: each select with the words beside it and what it shows chosen. */
function filtersOf(user: string) {
  const blocks = s.emu.openView(user)!.view.blocks as { type: string; text?: { text: string }; accessory?: Select }[];
  return Object.fromEntries(
    blocks
      .filter((b) => b.accessory?.action_id.startsWith('record:') && b.accessory.options)
      .map((b) => [b.accessory!.action_id, { label: b.text?.text ?? '', shown: b.accessory!.initial_option.text.text, options: b.accessory!.options }]),
  );
}
/** Which contract numbers carry a button with this action id in the open record. */
function withButton(user: string, actionId: string, tag: string): string[] {
  const blocks = s.emu.openView(user)!.view.blocks as { type: string; text?: { text: string }; elements?: { action_id: string }[] }[];
  const out: string[] = [];
  blocks.forEach((b, i) => {
    const n = new RegExp(`HT-R${tag}-\\d{4}`).exec(b.text?.text ?? '')?.[0];
    const next = blocks[i + 1];
    if (n && next?.type === 'actions' && next.elements?.some((e) => e.action_id === actionId)) out.push(n);
  });
  return out;
}

const s = useSlackApp();
const MANY = 125;

/** Contracts of two requesters, as a busy account would have: alternately orders and filings, drafts and voided ones. */
async function busyAccount() {
  const acc = await s.workspace();
  const f = await effectiveFramework(s.db, acc);
  const tag = randomBytes(3).toString('hex');
  await s.db.ctx.db.insert(contracts).values(
    Array.from({ length: MANY }, (_, i) => ({
      accountId: acc.accountId,
      number: `HT-R${tag}-${String(i).padStart(4, '0')}`,
      kind: i % 2 ? ('filing' as const) : ('order' as const),
      sealChannel: 'vendor_seal' as const,
      status: i % 3 ? ('voided' as const) : ('draft' as const),
      subStatus: i % 3 ? null : ('draft_ready' as const),
      requesterId: i % 5 ? U.colleague : U.requester,
      createdAt: new Date(s.db.now.getTime() - (i + 1) * 60_000),
    })),
  );
  return { acc, f, tag };
}

const modalText = (user: string) => blocksText(s.emu.openView(user)?.view.blocks);
const numbersShown = (user: string, tag: string) => [...modalText(user).matchAll(new RegExp(`HT-R${tag}-\\d{4}`, 'g'))].map((m) => m[0]);

async function click(user: string, action: { actionId: string; value?: string; selectedOption?: string }, shows: string) {
  await s.emu.clickAction(user, { view: s.emu.openView(user)! }, action);
  await eventually(() => modalText(user).includes(shows), `the record showing ${shows}`);
}

describe('the contract record', () => {
  it('an admin sees every requester’s contracts and pages past 100, 20 at a time', async () => {
    const { f, tag } = await busyAccount();
    await s.emu.clickAction(U.admin, { home: true }, await homeButton(s.emu, U.admin, 'home:record', 'record'));
    await eventually(() => modalText(U.admin).includes('共 126 份合同'), 'the record');
    expect(modalText(U.admin)).toContain('第 1/7 页');
    expect(modalText(U.admin)).toContain(f.number);
    const seen = new Set<string>([f.number]);
    for (const n of numbersShown(U.admin, tag)) seen.add(n);
    for (let page = 1; page < 7; page += 1) {
      await click(U.admin, { actionId: 'record:next', value: String(page) }, `第 ${page + 1}/7 页`);
      const v = s.emu.openView(U.admin)!.view;
      expect((v.blocks as unknown[]).length).toBeLessThanOrEqual(100);
      for (const n of numbersShown(U.admin, tag)) seen.add(n);
    }
    expect(seen.size).toBe(MANY + 1); // every contract, once the last page (121–126) is reached
    expect(modalText(U.admin)).not.toContain('record:next');
    expect(numbersShown(U.admin, tag).length).toBe(MANY + 1 - 6 * RECORD_PAGE_SIZE); // the framework contract is on page 1
    await click(U.admin, { actionId: 'record:prev', value: '5' }, '第 6/7 页');

    // Filters start again from the first page and combine.
    await click(U.admin, { actionId: 'record:kind', selectedOption: 'filing' }, '共 62 份合同');
    await click(U.admin, { actionId: 'record:requester', selectedOption: U.requester }, '第 1/1 页');
    const mine = numbersShown(U.admin, tag).map((n) => Number(n.slice(-4)));
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i % 2 === 1 && i % 5 === 0)).toBe(true);
    await click(U.admin, { actionId: 'record:status', selectedOption: 'draft' }, '共 4 份合同'); // 15, 45, 75, 105
    expect(numbersShown(U.admin, tag).every((n) => Number(n.slice(-4)) % 3 === 0)).toBe(true);
    // A draft with its document has Download; a voided one without a document has none.
    expect(modalText(U.admin)).toContain('doc:download');
  });

  it('the Home tab lists only the person’s own contracts; /contract record opens the whole record for them too', async () => {
    const { tag } = await busyAccount();
    await s.emu.openHome(U.requester);
    const home = await eventually(() => {
      const t = blocksText(s.emu.homes.get(U.requester)?.blocks);
      return t.includes(`HT-R${tag}`) ? t : null;
    }, 'the Home tab');
    const onHome = [...home.matchAll(new RegExp(`HT-R${tag}-(\\d{4})`, 'g'))].map((m) => Number(m[1]));
    expect(onHome.every((i) => i % 5 === 0)).toBe(true);
    await s.emu.command(U.requester, 'record');
    await eventually(() => modalText(U.requester).includes('共 126 份合同'), 'the record from /contract record');
  });
});

describe('what the record offers each person (issue 26, items 9 and 16)', () => {
  it.each([
    [
      'zh',
      U.admin,
      { kind: '合同类型', status: '状态', requester: '申请人' },
      { kind: '全部类型', status: '全部状态', requester: '全部申请人' },
      '工作区成员 1',
    ],
    [
      'en',
      U.approver,
      { kind: 'Kind', status: 'Status', requester: 'Requester' },
      { kind: 'All kinds', status: 'All statuses', requester: 'All requesters' },
      'Workspace member 1',
    ],
  ] as const)('%s: each filter says what it filters, and requesters are named, never by their Slack ids', async (_l, viewer, labels, all, gone) => {
    const { acc, tag } = await busyAccount();
    // 周婷 is no member of the account: Slack knows her name. U0GONE0001 left the workspace: Slack does not.
    await s.db.ctx.db.delete(members).where(and(eq(members.accountId, acc.accountId), eq(members.slackUserId, U.colleague)));
    await s.db.ctx.db.insert(contracts).values({
      accountId: acc.accountId,
      number: `HT-R${tag}-9999`,
      kind: 'order',
      sealChannel: 'vendor_seal',
      status: 'voided',
      subStatus: null,
      requesterId: 'U0GONE0001',
    });
    await s.emu.command(viewer, 'record');
    await eventually(() => modalText(viewer).includes(`HT-R${tag}`), 'the record');
    const f = filtersOf(viewer);
    for (const k of ['kind', 'status', 'requester'] as const) {
      expect(f[`record:${k}`]!.label).toContain(labels[k]);
      expect(f[`record:${k}`]!.shown).toBe(all[k]);
    }
    const names = f['record:requester']!.options.map((o) => o.text.text);
    expect(names).toEqual(expect.arrayContaining(['孙磊', '周婷', gone]));
    expect(names.join(' ')).not.toMatch(/\bU0[A-Z0-9]+/);
  });

  it.each([
    ['zh', U.requester, '作废'],
    ['en', U.colleague, 'Void'],
  ] as const)('%s: a requester is offered Void on their own drafts only; an approver on none; an admin on all', async (_l, me, word) => {
    const { tag } = await busyAccount();
    const drafts = (i: number) => i % 3 === 0;
    const mine = (i: number) => (me === U.requester ? i % 5 === 0 : i % 5 !== 0);
    const expected = (who: (i: number) => boolean) =>
      Array.from({ length: 20 }, (_, i) => i)
        .filter((i) => drafts(i) && who(i))
        .map((i) => `HT-R${tag}-${String(i).padStart(4, '0')}`);
    await s.emu.command(me, 'record');
    await eventually(() => modalText(me).includes(`HT-R${tag}`), 'the record');
    expect(withButton(me, 'act:void', tag)).toEqual(expected(mine));
    expect(modalText(me)).toContain(word);
    await s.emu.command(U.approver2, 'record');
    await eventually(() => modalText(U.approver2).includes(`HT-R${tag}`), 'the record');
    expect(withButton(U.approver2, 'act:void', tag)).toEqual([]);
    await s.emu.command(U.admin, 'record');
    await eventually(() => modalText(U.admin).includes(`HT-R${tag}`), 'the record');
    expect(withButton(U.admin, 'act:void', tag)).toEqual(expected(() => true));
  });
});
