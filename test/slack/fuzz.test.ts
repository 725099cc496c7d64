// Fuzzing the modals: generated view submissions (hostile strings, emoji, huge fields, injection attempts, control
// characters and unpaired surrogates, wrong types, missing blocks, other accounts' ids) never cause a 5xx, a partial
// write or the generic "something went wrong"; every refusal is inline, and no control character is ever stored.
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, contracts, partyAProfiles, signers } from '../../src/db/schema.js';
import type { SeededAccount } from '../../src/seed/demo.js';
import { CB } from '../../src/slack/ids.js';
import { effectiveFramework, eligibleOrders } from '../helpers/flows.js';
import { U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();
let acc: SeededAccount;
let otherContract: string;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

beforeAll(async () => {
  const other = await s.workspace();
  otherContract = (await effectiveFramework(s.db, other)).id;
  acc = await s.workspace({ orderCount: 300 });
  await effectiveFramework(s.db, acc);
});

// Text as a person might paste it, with controls, bidi overrides, separators and surrogate halves mixed in.
const control = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u202e',
  '\u2066',
  '\u2028',
  '\ud800',
  '\udfff',
);
const controlUnit = fc.oneof(control, fc.constantFrom('李', '雷', 'a', '1', ' ', '😀', '@', '.'));
// Values every field would accept, with up to two control characters slipped in somewhere: these reach the writes.
const VALID: Record<string, string> = {
  address: '北京市海淀区中关村大街 1 号',
  contact_name: '李雷',
  phone: '13800138000',
  email: 'finance@yunshan.example.cn',
  reason: '金额不符',
  recipient: '张伟',
  return_address: '北京市朝阳区建国路 2 号',
  signer_name: '王芳',
  sign_phone: '13912345678',
  approval_min: '1000',
};
const tainted = (base: string) =>
  fc
    .tuple(fc.nat({ max: base.length }), fc.array(control, { maxLength: 2 }))
    .map(([at, cs]) => ({ type: 'plain_text_input', value: base.slice(0, at) + cs.join('') + base.slice(at) }));
type Entry = { type: string; value: string };
const nearlyValid = fc.record(Object.fromEntries(Object.entries(VALID).map(([k, v]) => [k, tainted(v)])));
const hostile = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: controlUnit, maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    "'; drop table contracts; --",
    '<!channel> *bold* <https://evil.example|click>',
    '\u0000\u202e',
    '😀'.repeat(500),
    'x'.repeat(10_240),
    '13800138000',
    'finance@yunshan.example.cn',
    '北京市海淀区',
    '',
  ),
);
const anyJson = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.boolean(), hostile, fc.array(hostile, { maxLength: 40 }));

const isEntry = (v: unknown): v is Entry => typeof v === 'object' && v !== null && 'type' in v && 'value' in v;

function field(type: string, key: 'value' | 'selected_option' | 'selected_options', v: unknown) {
  if (v === undefined) return undefined;
  if (key === 'selected_option') return { type, selected_option: typeof v === 'string' ? { value: v, text: { type: 'plain_text', text: 'x' } } : v };
  if (key === 'selected_options')
    return { type, selected_options: Array.isArray(v) ? v.map((x) => ({ value: x, text: { type: 'plain_text', text: 'x' } })) : v };
  return { type, value: v };
}

const submission = fc.record({
  user: fc.constantFrom(U.requester, U.approver, U.admin),
  callback: fc.constantFrom(
    CB.start,
    CB.items,
    CB.partyA,
    CB.confirmText,
    CB.signing,
    CB.reject,
    CB.paper,
    CB.profile,
    CB.signerRequest,
    CB.settings,
    CB.done,
    'unknown:callback',
  ),
  meta: fc.oneof(
    hostile,
    fc.constant(JSON.stringify({ kind: 'order', channel: 'vendor_seal' })),
    fc.constant(JSON.stringify({ mode: 'create', kind: 'order', channel: 'vendor_seal', items: [] })),
    fc.record({ contractId: fc.oneof(fc.uuid(), fc.constant('OTHER')), version: fc.integer() }).map((m) => JSON.stringify(m)),
    fc.record({ mode: fc.constant('fill'), contractId: fc.constant('OTHER'), version: fc.integer({ min: 0, max: 5 }) }).map((m) => JSON.stringify(m)),
  ),
  kind: anyJson,
  channel: anyJson,
  items: fc.oneof(anyJson, fc.constant('ORDERS')),
  text: fc.oneof(
    fc.dictionary(
      fc.constantFrom('address', 'contact_name', 'phone', 'email', 'reason', 'recipient', 'return_address', 'signer_name', 'sign_phone', 'approval_min'),
      anyJson,
    ),
    nearlyValid,
  ),
});

describe('modal submissions, fuzzed', () => {
  it(
    `${RUNS} hostile submissions: no 5xx, no partial write, refusals inline`,
    async () => {
      const counts = async () => {
        const [c] = await s.db.ctx.db
          .select({ n: sql<number>`count(*)` })
          .from(contracts)
          .where(eq(contracts.accountId, acc.accountId));
        const [a] = await s.db.ctx.db
          .select({ n: sql<number>`count(*)` })
          .from(auditEvents)
          .where(eq(auditEvents.accountId, acc.accountId));
        return { contracts: Number(c!.n), audits: Number(a!.n) };
      };
      await fc.assert(
        fc.asyncProperty(submission, async (sub) => {
          const orders = eligibleOrders(acc);
          const meta = typeof sub.meta === 'string' ? sub.meta.replace('OTHER', otherContract) : sub.meta;
          const values: Record<string, Record<string, unknown>> = {};
          const put = (block: string, v: unknown) => v !== undefined && (values[block] = { [block]: v });
          put('kind', field('static_select', 'selected_option', sub.kind));
          put('channel', field('radio_buttons', 'selected_option', sub.channel));
          put('items', field('multi_external_select', 'selected_options', sub.items === 'ORDERS' ? orders.slice(0, 3) : sub.items));
          for (const [k, v] of Object.entries(sub.text)) put(k, isEntry(v) ? v : field('plain_text_input', 'value', v));
          const before = await counts();
          const r = await s.emu.submitCrafted(sub.user, {
            type: 'modal',
            callback_id: sub.callback,
            private_metadata: meta,
            state: { values },
            blocks: [],
            title: { type: 'plain_text', text: 't' },
          });
          expect(r.status).toBe(200); // answered at once, never a 5xx nor Bolt's 3-second 404 for an unhandled form
          // Never the catch-all answer of a listener that threw (a database refusing a byte, say).
          const answer = JSON.stringify(r.json ?? {});
          expect(answer.includes('出了点问题') && answer.includes('Something went wrong')).toBe(false);
          const after = await counts();
          // A write is whole: a new contract comes with its audit row, and only on a success answer.
          if (after.contracts > before.contracts) {
            expect(after.contracts - before.contracts).toBe(1);
            expect(after.audits).toBeGreaterThan(before.audits);
            expect(r.json?.response_action).toBe('update');
          }
          if (r.json?.response_action === 'errors') {
            for (const msg of Object.values(r.json.errors as Record<string, unknown>)) expect(typeof msg).toBe('string');
          }
          // Another workspace's contract is never touched.
          const [theirs] = await s.db.ctx.db.select().from(contracts).where(eq(contracts.id, otherContract));
          expect(theirs!.status).toBe('effective');
        }),
        { numRuns: RUNS },
      );
      // Whatever was saved holds no control character, bidi override or surrogate half.
      const bad = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u; // eslint-disable-line no-control-regex
      const saved = [
        ...(await s.db.ctx.db.select({ a: contracts.partyA, b: contracts.rejectionReason }).from(contracts).where(eq(contracts.accountId, acc.accountId))),
        ...(await s.db.ctx.db.select().from(partyAProfiles).where(eq(partyAProfiles.accountId, acc.accountId))),
        ...(await s.db.ctx.db.select({ name: signers.name, phone: signers.phone }).from(signers).where(eq(signers.accountId, acc.accountId))),
      ];
      const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);
      for (const text of saved.flatMap(strings)) expect(text).not.toMatch(bad);
      expect(saved.flatMap(strings).length).toBeGreaterThan(0);
    },
    Math.max(60_000, RUNS * 200),
  ); // ~20 ms a run here; room for a loaded CI machine
});
