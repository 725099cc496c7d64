// Two companies on one process (issue 24's acceptance): neither sees nor acts on anything of the other's, tested both
// ways. The people of both workspaces carry the same Slack user ids here, so nothing may be keyed by user id alone:
// Home, record, /contract show and verify with the other's number and fingerprint, type-ahead, document links, and
// buttons carrying the other's contract id. Each account numbers its own contracts, so both have an HT-2026-000001:
// there, `show` answers with one's own contract, and a number only the other has names nothing.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contracts } from '../../src/db/schema.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import { ensureDocument } from '../../src/services/documents.js';
import * as svc from '../../src/services/index.js';
import { actorsOf, driveFrom, effectiveFramework, eligibleOrders, must } from '../helpers/flows.js';
import { blocksText, eventually, findButton, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();

interface Company {
  team: string;
  acc: SeededAccount;
  framework: { id: string; number: string };
  draft: { id: string; number: string; version: number };
  /** Contracts only this company has a number for (the other made fewer). */
  only: { id: string; number: string }[];
  fingerprint: string;
  sha256: string;
  /** The buttons its requester's Home shows for the draft, and a Download button from /contract show. */
  buttons: { actionId: string; value: string }[];
}

/** A company with an effective framework (its formal PDF issued) and an order contract waiting in draft_ready. */
async function company(seed: number, verifiedSubject?: string): Promise<Company> {
  const acc = await s.workspace({ seed, orderCount: 60, ...(verifiedSubject ? { verifiedSubject } : {}) });
  const team = s.emu.teamId;
  const framework = await effectiveFramework(s.db, acc);
  const doc = (await ensureDocument(s.db.ctx, framework.id, 'formal'))!;
  const d0 = must(
    await svc.createDraft(s.db.ctx, actorsOf(acc).requester, { kind: 'order', channel: 'vendor_seal', itemIds: eligibleOrders(acc).slice(0, 2) }),
  );
  const draft = await driveFrom(s.db, acc, d0, 'draft/draft_ready');
  await s.drain();
  await s.emu.openHome(U.requester);
  const home = await eventually(() => (blocksText(s.emu.homes.get(U.requester)?.blocks).includes(draft.id) ? s.emu.homes.get(U.requester) : null), 'the Home');
  const buttons = ((home.blocks as { elements?: { action_id?: string; value?: string }[] }[]) ?? [])
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.action_id && e.value?.includes(draft.id))
    .map((e) => ({ actionId: e.action_id!, value: e.value! }));
  const shown = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, `show ${framework.number}`));
  buttons.push(findButton(shown.blocks, 'doc:download', framework.id));
  expect(buttons.length).toBeGreaterThan(1);
  return { team, acc, framework, draft, only: [], fingerprint: doc.contentFingerprint!, sha256: doc.sha256, buttons };
}

/** Everything `me`'s people can reach shows nothing of `other`, and nothing they do touches it. */
async function blind(me: Company, other: Company) {
  s.emu.use(me.team);
  // Its ids, and the numbers it has that this account has not (the shared ones name this account's own contracts).
  const secrets = [other.framework.id, other.draft.id, ...other.only.flatMap((c) => [c.id, c.number])];
  const clean = (what: string, x: unknown) => {
    const text = typeof x === 'string' ? x : JSON.stringify(x);
    for (const secret of secrets) expect(text, `${what} shows ${secret}`).not.toContain(secret);
  };

  // Home, for the requester and for an admin (same user ids as the other's).
  for (const user of [U.requester, U.admin]) {
    await s.emu.openHome(user);
    const home = await eventually(() => s.emu.homes.get(user), 'the Home');
    await s.app.slack.idle();
    clean('Home', s.emu.homes.get(user) ?? home);
  }

  // The record, as an admin.
  await s.emu.closeView(U.admin);
  await s.emu.clickAction(U.admin, { home: true }, findButton(s.emu.homes.get(U.admin)!.blocks, 'home:record'));
  const record = await eventually(() => s.emu.openView(U.admin), 'the record');
  expect(blocksText(record.view.blocks)).toContain(me.framework.number);
  clean('the record', record.view);
  await s.emu.closeView(U.admin);

  // /contract show with the other's numbers, /contract verify with its fingerprint and its file's SHA-256. The number
  // both have shows this account's own framework; one only the other has names nothing here.
  expect(other.framework.number).toBe(me.framework.number);
  const same = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, `show ${other.framework.number}`));
  expect(blocksText(same.blocks)).toContain(me.framework.id);
  clean('/contract show', same);
  for (const c of other.only) {
    const show = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, `show ${c.number}`));
    // The answer repeats what was typed, and says it names no contract here.
    expect(show.text).toContain(`找不到合同 ${c.number}`);
    clean('/contract show', { ...show, text: show.text.replaceAll(c.number, '') });
  }
  for (const hash of [other.fingerprint, other.sha256, other.fingerprint.slice(0, 12)]) {
    const verify = await nextEphemeral(s.emu, U.requester, () => s.emu.command(U.requester, `verify ${hash}`));
    expect(verify.text).toMatch(/^❌/);
    clean('/contract verify', verify.text);
  }

  // Type-ahead: the other's own orders are not offered (only this workspace's items are).
  const theirs = other.acc.orders.map((o) => o.id).find((id) => !me.acc.orders.some((o) => o.id === id))!;
  await s.emu.closeView(U.requester);
  await s.emu.command(U.requester, 'new');
  await eventually(() => s.emu.openView(U.requester), 'the new-contract form');
  await s.emu.submitView(U.requester, { kind: 'order', channel: 'vendor_seal' });
  // Only the "nothing matches" line comes back, which cannot be chosen.
  expect((await s.emu.suggest(U.requester, 'items', theirs)).map((o) => o.value)).toEqual(['-']);
  expect((await s.emu.suggest(U.requester, 'items', '')).map((o) => o.value)).not.toContain(theirs);
  await s.emu.closeView(U.requester);

  // Buttons carrying the other's contract id, clicked by this workspace's requester and admin: refused, nothing changed,
  // no document link to it handed out.
  const [before] = await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, other.draft.id));
  const seen = s.emu.ephemeralsFor(U.requester).length;
  for (const user of [U.requester, U.admin]) {
    for (const b of other.buttons) {
      await s.emu.closeView(user);
      await s.emu.clickAction(user, { home: true }, b);
      await s.app.slack.idle();
    }
  }
  await s.drain();
  const [after] = await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, other.draft.id));
  expect([after!.status, after!.subStatus, after!.version]).toEqual([before!.status, before!.subStatus, before!.version]);
  for (const user of [U.requester, U.admin]) {
    clean('answers to the clicks', s.emu.ephemeralsFor(user).slice(user === U.requester ? seen : 0));
    clean('the DMs', s.emu.messages(s.emu.dmChannel(user)));
    const top = s.emu.openView(user);
    if (top) clean('a modal', top.view);
  }
  clean('the notification channel', s.emu.messages('C0CONTRACTS'));
}

describe('two workspaces on one process', () => {
  it('neither sees nor acts on the other’s contracts, documents or items, both ways', async () => {
    const a = await company(101);
    const b = await company(202, '上海青杉信息技术有限公司');
    // a makes one contract more: a number b does not have (numbers run from 1 in each account, so only one of two
    // accounts can hold a number the other lacks).
    const more = must(
      await svc.createDraft(s.db.ctx, actorsOf(a.acc).requester, { kind: 'order', channel: 'vendor_seal', itemIds: eligibleOrders(a.acc).slice(2, 3) }),
    );
    a.only.push({ id: more.id, number: more.number });
    expect([a.framework.number, b.framework.number, more.number]).toEqual(['HT-2026-000001', 'HT-2026-000001', 'HT-2026-000003']);
    await blind(a, b);
    await blind(b, a);
  });
});
