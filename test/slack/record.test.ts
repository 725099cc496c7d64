// 合同申请记录 (R16): the account's whole record for people with a role, filtered and paged within Slack's limits.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../src/db/schema.js';
import { RECORD_PAGE_SIZE } from '../../src/services/record.js';
import { effectiveFramework } from '../helpers/flows.js';
import { blocksText, eventually, homeButton, U, useSlackApp } from '../helpers/slack.js';

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
