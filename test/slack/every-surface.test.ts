// Every view and message the app builds, in Chinese and English, with the longest data it can hold, passes Slack's
// limits. Issue 11: one description 24 characters too long left English speakers unable to start a contract.
import { describe, expect, it } from 'vitest';
import type { AccountRow, ContractRow, SignerRow } from '../../src/db/schema.js';
import { ACTIONS, validStates } from '../../src/domain/lifecycle.js';
import { MAX_FILINGS, MAX_ORDERS } from '../../src/domain/rules.js';
import { KINDS, type Kind, SEAL_CHANNELS, type State } from '../../src/domain/types.js';
import { checkMessage, checkView, textAdvice } from '../../src/sandbox/limits.js';
import { type Locale, t } from '../../src/slack/i18n.js';
import * as admin from '../../src/slack/views/admin.js';
import * as commands from '../../src/slack/views/commands.js';
import * as contract from '../../src/slack/views/contract.js';
import * as wizard from '../../src/slack/views/wizard.js';
import * as paper from '../../src/slack/views/paper.js';
import * as record from '../../src/slack/views/record.js';
import * as setup from '../../src/slack/views/setup.js';

const LOCALES: Locale[] = ['zh', 'en'];
const long = (seed: string, n: number) => seed.repeat(Math.ceil(n / seed.length)).slice(0, n);
// The longest values the app lets in: the wizard's inputs cap address 200, contact 100, phone 30, email 200; the reject
// reason 1,000. Names without a cap get the length of a very long registered company name, and then some.
const NAME = long('北京云杉科技有限公司上海分公司', 120);
const REASON = long('金额与采购申请不一致，请核对后重新提交。<@U0EVIL> & ', 1000);
const PARTY_A = {
  name: NAME,
  address: long('北京市海淀区中关村大街1号', 200),
  contactName: long('欧阳', 100),
  phone: long('13800138000', 30),
  email: long('a', 190) + '@example.cn',
};
const BIGGEST = Number.MAX_SAFE_INTEGER; // bigint in mode 'number': the largest amount a row can carry
const orderRef = (i: number) => `2026113012345678${String(i).padStart(4, '0')}`;
const filingRef = (i: number) => `京ICP备2026${String(100000 + i)}号-${1 + (i % 3)}`;
const itemsFor = (kind: Kind) =>
  kind === 'framework'
    ? []
    : kind === 'filing'
      ? Array.from({ length: MAX_FILINGS }, (_, i) => ({ itemRef: filingRef(i), amountCents: null }))
      : Array.from({ length: MAX_ORDERS }, (_, i) => ({ itemRef: orderRef(i), amountCents: i % 2 ? -BIGGEST : BIGGEST }));

let n = 0;
function row(channel: ContractRow['sealChannel'], state: State, kind: Kind, over: Partial<ContractRow> = {}): ContractRow {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    accountId: 'a',
    number: `HT-2026-${String(999000 + n)}`,
    kind,
    sealChannel: channel,
    status: state.status,
    subStatus: state.subStatus,
    partyA: PARTY_A,
    totalCents: BIGGEST,
    frameworkId: null,
    requesterId: 'U0REQUESTER',
    signerId: '00000000-0000-4000-9000-000000000001',
    signerName: long('签署人', 100),
    signerPhone: long('13900139000', 30),
    smsSentAt: null,
    rejectionReason: REASON,
    effectiveAt: new Date(),
    expiresAt: new Date(),
    expiredAt: null,
    version: 999_999_999,
    createdAt: new Date(),
    updatedAt: new Date(),
    nextPollAt: null,
    staleSince: new Date(),
    staleReason: long('e-sign vendor: timeout after 30 s; ', 500),
    ...over,
  } as ContractRow;
}

/** Every (channel, status, sub-status) of the status table, each with every kind. */
const CONTRACTS = validStates().flatMap(({ channel, state }) => KINDS.map((kind) => row(channel, state, kind)));

const signer = (i: number): SignerRow => ({
  id: `00000000-0000-4000-9000-${String(i + 1).padStart(12, '0')}`,
  accountId: 'a',
  name: long('慕容', 100),
  phone: long('13700137000', 30),
  slackUserId: `U${String(i).padStart(10, '0')}`,
  status: 'authorised',
  requestedBy: 'U1',
  decidedBy: 'U2',
  decidedAt: new Date(),
  createdAt: new Date(),
});
const SIGNERS = Array.from({ length: 150 }, (_, i) => signer(i));
const ACCOUNT = {
  id: 'a',
  slackTeamId: 'T1',
  verifiedSubject: NAME,
  subjectType: 'enterprise',
  esignActivated: true,
  subjectChangePending: false,
  previousSubject: NAME,
  notificationChannel: 'C0123456789',
  language: 'en',
  timeZone: 'Asia/Shanghai',
  approvalKinds: [...KINDS],
  approvalMinTotalCents: BIGGEST,
  createdAt: new Date(),
} as AccountRow;
const TRAIL = ACTIONS.map((action, i) => ({
  at: new Date(),
  actor: i % 2 ? `system:${long('esign', 60)}` : 'U0123456789',
  action,
  fromStatus: null,
  fromSubStatus: null,
  toStatus: 'draft' as const,
  toSubStatus: 'draft_ready' as const,
}));
const URL = `https://contract-desk.example.cn/documents/${'0'.repeat(36)}/draft.pdf?expires=99999999999&sig=${'f'.repeat(64)}`;

type Surface = { name: string; view?: unknown; message?: { text: string; blocks?: unknown[] } };

function surfaces(l: Locale): Surface[] {
  const out: Surface[] = [];
  const view = (name: string, v: unknown) => out.push({ name: `${l} ${name}`, view: v });
  const message = (name: string, text: string, blocks?: unknown[]) => out.push({ name: `${l} ${name}`, message: { text, ...(blocks ? { blocks } : {}) } });

  // The wizard (src/slack/views/wizard.ts).
  view('startView', wizard.startView(l, 'tencent'));
  view(
    'startView qingcloud',
    wizard.startView(l, 'qingcloud', (k, v) => `https://contract-desk.example.com/templates/${k}.pdf?vendor=${v}`),
  );
  view(
    'partyAView qingcloud framework',
    wizard.partyAView(l, NAME, PARTY_A, { mode: 'create', kind: 'framework', channel: 'vendor_seal', items: [] }, 'qingcloud'),
  );
  view(
    'startView with templates',
    wizard.startView(l, 'tencent', (k) => `https://contract-desk.example.com/${long('p/', 300)}/templates/${k}.pdf`),
  );
  for (const kind of KINDS) for (const channel of SEAL_CHANNELS) view(`itemsView ${kind} ${channel}`, wizard.itemsView(l, { kind, channel }, 'tencent'));
  const items = itemsFor('order').map((i) => i.itemRef);
  view(
    'reviewView',
    wizard.reviewView(
      l,
      { mode: 'create', kind: 'consumption', channel: 'vendor_seal', items },
      items.map((id, i) => ({
        id,
        type: 'postpaid' as const,
        createdOn: '2026-11-01',
        amountCents: 100_000_00 + i,
        product: long('云服务器 ', 40),
      })),
      'qingcloud',
    ),
  );
  view('partyAView create', wizard.partyAView(l, NAME, PARTY_A, { mode: 'create', kind: 'order', channel: 'dual_seal', items }, 'tencent'));
  view('partyAView fill', wizard.partyAView(l, NAME, {}, { mode: 'fill', contractId: CONTRACTS[0]!.id, version: 999_999_999 }, 'tencent'));
  view('loadingView', wizard.loadingView());
  for (const key of ['draftSaved', 'partyAFilled', 'sentToApproval', 'signingStarted', 'somethingWrong', 'viewRefused', 'unknownWorkspace'] as const) {
    view(`doneView ${key}`, wizard.doneView(l, t(key, l, { number: 'HT-2026-999999', name: NAME, phone: PARTY_A.phone })));
  }
  view('doneView refusal', wizard.doneView(l, `⚠️ ${REASON}`));
  const mailing = { recipient: PARTY_A.contactName, phone: PARTY_A.phone, address: PARTY_A.address, enclosures: [] };
  view('mailingView shipped', wizard.mailingView(l, 'HT-2026-999999', { ...mailing, trackingNumber: long('SF', 60) }));
  view('mailingView waiting', wizard.mailingView(l, 'HT-2026-999999', { ...mailing, trackingNumber: null }));
  const at = new Date('2026-09-22T02:00:00Z');
  const cx = { contractId: CONTRACTS[0]!.id, version: 999_999_999, vendorAddress: long('深圳市南山区', 200) };
  const filing = { ...mailing, enclosures: ['access_provider_licence', 'filing_screenshots'], trackingNumber: null };
  view('mailingView to mail', wizard.mailingView(l, 'HT-2026-999999', filing, cx));
  view('mailingView mailed', wizard.mailingView(l, 'HT-2026-999999', { ...filing, mailedAt: at, outboundTracking: long('SF', 40) }, cx));
  view('mailingView received', wizard.mailingView(l, 'HT-2026-999999', { ...filing, mailedAt: at, receivedAt: at, shipDueAt: at }, cx));
  for (const c of CONTRACTS.filter((_, i) => i % 7 === 0)) {
    view(`confirmTextView ${c.kind}`, wizard.confirmTextView(l, c, URL));
    view(`signingView enterprise ${c.kind}`, wizard.signingView(l, c, false, SIGNERS));
    view(`signingView personal ${c.kind}`, wizard.signingView(l, c, true, []));
    view(`signingView no signers ${c.kind}`, wizard.signingView(l, c, false, []));
    view(`rejectView ${c.kind}`, wizard.rejectView(l, c, { channel: 'D0123456789', ts: '1764547200.123456' }));
    view(`rejectView from Home ${c.kind}`, wizard.rejectView(l, c, null));
    view(`paperView ${c.kind}`, wizard.paperView(l, c));
  }

  // Admin surfaces (src/slack/views/admin.ts).
  view('profileView editable', admin.profileView(l, NAME, PARTY_A, true));
  view('profileView read-only', admin.profileView(l, NAME, PARTY_A, false));
  view('profileView empty', admin.profileView(l, NAME, null, true));
  view('signerRequestView', admin.signerRequestView(l));
  view(
    'settingsView',
    admin.settingsView(l, ACCOUNT, {
      admins: SIGNERS.map((s) => s.slackUserId!),
      approvers: SIGNERS.map((s) => s.slackUserId!),
      esignAdmins: SIGNERS.map((s) => s.slackUserId!),
    }),
  );
  view(
    'settingsView bare',
    admin.settingsView(l, { ...ACCOUNT, approvalKinds: [], notificationChannel: null, approvalMinTotalCents: null }, { approvers: [] }),
  );
  view('settingsView qingcloud', admin.settingsView(l, { ...ACCOUNT, vendor: 'qingcloud' }, { approvers: ['U0123456789'] }));
  // Set-up (src/slack/views/setup.ts): the unlinked workspace, both pages, the way back from settings.
  const ask = Array.from({ length: 5 }, (_, i) => `U${String(i).padStart(10, '0')}`);
  for (const right of ['installer', 'owner', 'admin', null] as const) {
    message(`unlinkedBlocks ${right}`, setup.unlinkedText(l), setup.unlinkedBlocks(l, { right, ask: right ? [] : ask }));
    view(`unlinkedHomeView ${right}`, setup.unlinkedHomeView(l, { right, ask: right ? [] : ask }));
  }
  message('unlinkedBlocks nobody to name', setup.unlinkedText(l), setup.unlinkedBlocks(l, { right: null, ask: [] }));
  const account = {
    vendor: 'tencent' as const,
    cloudAccountId: long('1000', 64),
    verifiedSubject: NAME.slice(0, 200),
    subjectType: 'enterprise' as const,
    address: PARTY_A.address,
    contactName: PARTY_A.contactName,
    phone: PARTY_A.phone,
    email: PARTY_A.email,
    language: l,
    timeZone: 'America/Argentina/ComodRivadavia',
  };
  const policy = {
    notificationChannel: 'C0123456789',
    admins: ask,
    approvers: ask,
    esignAdmins: ask,
    approvalKinds: [...KINDS],
    approvalMinTotalCents: BIGGEST,
    vendorPaperAddress: long('深圳市南山区', 200),
  };
  for (const vendor of ['tencent', 'qingcloud'] as const) {
    view(`accountSetupView new ${vendor}`, setup.accountSetupView(l, { ...account, vendor }, { mode: 'new' }));
    view(`accountSetupView edit ${vendor}`, setup.accountSetupView(l, { ...account, vendor }, { mode: 'edit', firstContract: 'HT-2026-999999' }));
    view(`rolesSetupView ${vendor}`, setup.rolesSetupView(l, { ...account, vendor }, policy));
  }
  message('setupDoneText', setup.setupDoneText(l, account), [{ type: 'section', text: { type: 'mrkdwn', text: setup.setupDoneText(l, account) } }]);
  message('signersBlocks', t('signersTitle', l), admin.signersBlocks(l, false, SIGNERS));
  message('signersBlocks none', t('signersTitle', l), admin.signersBlocks(l, false, []));
  message('signersBlocks personal', t('signersTitle', l), admin.signersBlocks(l, true, []));
  for (const decision of ['authorise', 'reject'] as const) {
    const decided = admin.signerDecidedMessage(l, SIGNERS[0]!, decision, 'U0APPROVER');
    message(`signerDecidedMessage ${decision}`, t('signerAuthorised', l, { who: '<@U0APPROVER>' }), decided);
  }

  // Contracts: the Home tab, the thread, approvals, signing (src/slack/views/contract.ts), as the notifier posts them.
  view('homeView all states', contract.homeView(CONTRACTS, l));
  // The record (src/slack/views/record.ts) and the FAQ (src/slack/views/paper.ts).
  const people = Array.from({ length: 150 }, (_, i) => `U${String(i).padStart(10, '0')}`);
  const names = Object.fromEntries(people.map((u) => [u, long('欧阳', 80)]));
  const page = { rows: CONTRACTS.slice(0, 20), total: 100_000, page: 3, pages: 5000, requesters: people, names };
  view('recordView a middle page', record.recordView(l, { kind: 'order', status: 'effective', requesterId: people[0]!, page: 3 }, page, 'tencent'));
  view('recordView empty', record.recordView(l, { page: 0 }, { rows: [], total: 0, page: 0, pages: 1, requesters: [] }, 'tencent'));
  view('faqView', paper.faqView(l));
  view('homeView empty', contract.homeView([], l));
  for (const c of CONTRACTS) {
    const v = { contract: c, items: itemsFor(c.kind) };
    const what = `${c.sealChannel} ${c.status}/${c.subStatus} ${c.kind}`;
    message(`threadRootText ${what}`, contract.threadRootText(c, l), contract.contractSummary(v, l));
    message(`contractSummary with buttons ${what}`, c.number, contract.contractSummary(v, l, { withButtons: true }));
    message(`contractButtons ${what}`, c.number, [contract.contractButtons(c, l) ?? { type: 'divider' }]);
    message(`summaryFields ${what}`, c.number, [contract.summaryFields(c, l)]);
    const asked = t('approvalRequest', l, { requester: `<@${c.requesterId}>`, kind: c.kind, number: c.number });
    message(`approvalMessage request ${what}`, asked, contract.approvalMessage(c, l));
    message(`approvalMessage approved ${what}`, c.number, contract.approvalMessage(c, l, { approved: true, by: 'U0APPROVER' }));
    message(`approvalMessage rejected ${what}`, c.number, contract.approvalMessage(c, l, { approved: false, by: 'U0APPROVER', reason: REASON }));
    const sms = t('signRequest', l, { number: c.number, kind: c.kind, partyA: NAME, total: String(c.totalCents) });
    message(`signRequestMessage ${what}`, sms, contract.signRequestMessage(c, l));
    message(`signRequestMessage signed ${what}`, t('signed', l), contract.signRequestMessage(c, l, true));
  }
  for (const action of [...ACTIONS, 'create']) {
    const e = { number: 'HT-2026-999999', action, actor: 'U0123456789', from: CONTRACTS[0]!, to: CONTRACTS.at(-1)!, detail: { reason: REASON } };
    message(`transitionText ${action}`, contract.transitionText(e, l));
    message(`transitionText ${action} by the system`, contract.transitionText({ ...e, actor: 'system:esign', from: null }, l));
  }

  // What /contract answers (src/slack/views/commands.ts).
  message('helpMessage', t('helpTitle', l), commands.helpMessage(l, '10.20.30'));
  message('listMessage', t('listTitle', l), commands.listMessage(CONTRACTS.slice(0, 15), l));
  message('listMessage empty', t('listTitle', l), commands.listMessage([], l));
  message('listMessage 30 and more', t('listTitle', l), commands.listMessage(CONTRACTS.slice(0, 30), l, 99_999));
  for (const c of CONTRACTS.filter((_, i) => i % 5 === 0)) {
    message(
      `showMessage ${c.kind}`,
      c.number,
      commands.showMessage({ contract: c, items: itemsFor(c.kind) }, TRAIL, l, true, { names: new Map([['U0123456789', '孙磊']]), timeZone: 'Asia/Shanghai' }),
    );
  }
  for (const c of CONTRACTS.filter((_, i) => i % 7 === 0)) {
    const what = { items: itemsFor(c.kind), draftUrl: URL };
    message(`approvalMessage with items and draft ${c.kind}`, c.number, contract.approvalMessage(c, l, undefined, what));
    message(`itemsSection ${c.kind}`, c.number, [contract.itemsSection(what.items, l)]);
    message(`signRequestMessage with the draft ${c.kind}`, c.number, contract.signRequestMessage(c, l, false, 60, URL));
  }
  message('signedText', contract.signedText(l, 60), [{ type: 'context', elements: [{ type: 'mrkdwn', text: contract.signedText(l, 60) }] }]);
  for (const kind of KINDS) {
    const hint = wizard.itemsHint(kind, l) || '-';
    message(`itemsHint ${kind}`, hint, [{ type: 'context', elements: [{ type: 'mrkdwn', text: hint }] }]);
  }
  const underway = wizard.draftUnderwayText(l, 'create', 'HT-2026-999999', 'vendor_seal', 60);
  message('draftUnderwayText', underway, [{ type: 'section', text: { type: 'mrkdwn', text: underway } }]);
  const doc = { matched: 'fingerprint' as const, kind: 'formal', createdAt: new Date(), contract: CONTRACTS.at(-1)! };
  message('verifyMessage found', t('formalLink', l), [
    { type: 'section', text: { type: 'mrkdwn', text: commands.verifyMessage(doc, 'abcdef12', l, 'Asia/Shanghai') } },
  ]);
  message('verifyMessage unknown', '?', [
    { type: 'section', text: { type: 'mrkdwn', text: commands.verifyMessage(null, long('f', 3000), l, 'Asia/Shanghai') } },
  ]);
  return out;
}

describe('every view and message the app builds', () => {
  const all = LOCALES.flatMap(surfaces);

  it('covers each builder of src/slack/views', () => {
    const builders = Object.entries({ ...admin, ...commands, ...contract, ...wizard, ...paper, ...record })
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k);
    // Helpers that build no surface of their own: they are checked through the surfaces that use them.
    const helpers = new Set(['nextStep', 'maskPhone', 'downloadButton', 'filterValue', 'needsPartyAConfirmation', 'mayAct']);
    const covered = new Set(all.map((s) => s.name.split(' ')[1]));
    expect(builders.filter((b) => !helpers.has(b) && !covered.has(b))).toEqual([]);
    expect(all.length).toBeGreaterThan(1000);
  });

  it("stays within Slack's limits in both languages with the longest data", () => {
    const refused = all.flatMap((s) => (s.view ? checkView(s.view as never) : checkMessage(s.message!)).map((p) => `${s.name}: ${p}`));
    expect(refused).toEqual([]);
  });

  it('keeps message texts under the 4,000 characters Slack advises', () => {
    expect(all.filter((s) => s.message && textAdvice(s.message.text)).map((s) => s.name)).toEqual([]);
  });

  it('would have caught issue 11: the old 99-character description is refused at its place', () => {
    const old = wizard.startView('en', 'tencent') as unknown as { blocks: { element?: { options?: { description?: { text: string } }[] } }[] };
    const original = 'Both sign: enterprises with an e-seal, persons with a signature (enterprises activate e-sign first)';
    expect(original).toHaveLength(99);
    old.blocks[1]!.element!.options![1]!.description!.text = original;
    expect(checkView(old as never)).toEqual(['[ERROR] must be less than 76 characters [json-pointer:/view/blocks/1/element/options/1/description/text]']);
  });

  it('still says what the description no longer holds: activation comes first for the dual channel', () => {
    for (const l of LOCALES) expect(JSON.stringify(wizard.startView(l, 'tencent'))).toContain(t('dualActivation', l));
  });
});
