// Every view and message the app builds (src/slack/views/), in one language, for one vendor, filled with one set of data:
// the every-surface test checks them against Slack's limits with the longest data the app lets in; the crawl reads them
// as people do with data in a script of its own, so any Chinese in an English text (or English in a Chinese one) is
// the app's own words.
import type { AccountRow, ContractRow, SignerRow } from '../../src/db/schema.js';
import type { DomainError } from '../../src/domain/errors.js';
import { domainError } from '../../src/domain/errors.js';
import { tencentProblemMessage } from '../../src/domain/import-tencent.js';
import { KIND_LABEL } from '../../src/domain/labels.js';
import { ACTIONS, listActions, validStates } from '../../src/domain/lifecycle.js';
import { type Role, ROLES } from '../../src/domain/roles.js';
import { MAX_FILINGS, MAX_ORDERS, MAX_QING_RECORDS } from '../../src/domain/rules.js';
import { type Kind, type SealChannel, type State } from '../../src/domain/types.js';
import { type Vendor, vendorProfile } from '../../src/domain/vendors.js';
import { type Locale, pick, t } from '../../src/slack/i18n.js';
import * as admin from '../../src/slack/views/admin.js';
import * as answers from '../../src/slack/views/answers.js';
import * as approvals from '../../src/slack/views/approvals.js';
import * as commands from '../../src/slack/views/commands.js';
import * as contract from '../../src/slack/views/contract.js';
import * as draftSaved from '../../src/slack/views/draft-saved.js';
import * as imports from '../../src/slack/views/import.js';
import * as items from '../../src/slack/views/items.js';
import * as notifications from '../../src/slack/views/notifications.js';
import * as paper from '../../src/slack/views/paper.js';
import * as prerequisites from '../../src/slack/views/prerequisites.js';
import * as record from '../../src/slack/views/record.js';
import * as setup from '../../src/slack/views/setup.js';
import * as wizard from '../../src/slack/views/wizard.js';

/** What the surfaces are filled with: a person's and a company's own words, and the references of their items. */
export interface SurfaceData {
  name: string;
  reason: string;
  partyA: { name: string; address: string; contactName: string; phone: string; email: string };
  signerName: string;
  person: string;
  product: string;
  vendorAddress: string;
  tracking: string;
  fileName: string;
  /** A stored stale reason: a cause code, or text from before causes had codes. */
  staleReasons: string[];
  orderRef: (i: number) => string;
  filingRef: (i: number) => string;
  /** Amounts: the largest the app keeps. */
  amount: number;
}

const long = (seed: string, n: number) => seed.repeat(Math.ceil(n / seed.length)).slice(0, n);

// The longest values the app lets in: the wizard's inputs cap address 200, contact 100, phone 30, email 200; the reject
// reason 1,000. Names without a cap get the length of a very long registered company name, and then some.
export const LONG: SurfaceData = {
  name: long('北京云杉科技有限公司上海分公司', 120),
  reason: long('金额与采购申请不一致，请核对后重新提交。<@U0EVIL> & ', 1000),
  partyA: {
    name: long('北京云杉科技有限公司上海分公司', 120),
    address: long('北京市海淀区中关村大街1号', 200),
    contactName: long('欧阳', 100),
    phone: long('13800138000', 30),
    email: long('a', 190) + '@example.cn',
  },
  signerName: long('签署人', 100),
  person: long('慕容', 100),
  product: long('云服务器 ', 40),
  vendorAddress: long('深圳市南山区', 200),
  tracking: long('SF', 60),
  fileName: long('订单导出', 200) + '.xlsx',
  staleReasons: [long('e-sign vendor: timeout after 30 s; ', 500), `failed:vendor ${long('timeout ', 400)}`],
  orderRef: (i) => `2026113012345678${String(i).padStart(4, '0')}`,
  filingRef: (i) => `京ICP备2026${String(100000 + i)}号-${1 + (i % 3)}`,
  amount: Number.MAX_SAFE_INTEGER, // bigint in mode 'number': the largest amount a row can carry
};

// A company, its people and their words in Greek: neither Chinese nor English, so whatever Chinese or English the crawl
// finds is the app's. Item references are digits and dashes, as the consoles issue them.
export const NEUTRAL: SurfaceData = {
  name: 'Ωμέγα Σύμβουλοι ΑΕ',
  reason: 'Λάθος ποσό στην παραγγελία',
  partyA: { name: 'Ωμέγα Σύμβουλοι ΑΕ', address: 'Οδός Ερμού 10, Αθήνα', contactName: 'Σοφία Παππά', phone: '13800138000', email: 'σοφία@ωμέγα.ελ' },
  signerName: 'Νίκος Λάμπρου',
  person: 'Ελένη Κώστα',
  product: 'Διακομιστής',
  vendorAddress: 'Οδός Σταδίου 5',
  tracking: '1234567890',
  fileName: 'παραγγελίες.xlsx',
  staleReasons: ['failed:draft Σφάλμα', 'smsUndelivered:customer', 'noProgress:vendor Σφάλμα', 'lost:cancel', 'Σφάλμα'],
  orderRef: (i) => `2026113012345678${String(i).padStart(4, '0')}`,
  filingRef: (i) => `2026-${String(100000 + i)}-${1 + (i % 3)}`,
  amount: 1_805_290,
};

/** A modal or Home tab, a message, or the answer to a type-ahead (options). */
export type Surface = { name: string; view?: unknown; message?: { text: string; blocks?: unknown[] }; options?: Record<string, unknown> };

/** The kinds and channels a vendor's account offers (R1a): a QingCloud account never meets a Tencent-only surface. */
const kindsOf = (vendor: Vendor) => vendorProfile(vendor).kinds;
const channelsOf = (vendor: Vendor) => vendorProfile(vendor).channels;

export function surfaces(l: Locale, vendor: Vendor, data: SurfaceData): Surface[] {
  const out: Surface[] = [];
  const view = (name: string, v: unknown) => out.push({ name: `${l} ${name} ${vendor}`, view: v });
  const message = (name: string, text: string, blocks?: unknown[]) =>
    out.push({ name: `${l} ${name} ${vendor}`, message: { text, ...(blocks ? { blocks } : {}) } });
  const kinds = kindsOf(vendor);
  const channels = channelsOf(vendor);
  const itemsFor = (kind: Kind) =>
    kind === 'framework'
      ? []
      : kind === 'filing'
        ? Array.from({ length: MAX_FILINGS }, (_, i) => ({ itemRef: data.filingRef(i), amountCents: null }))
        : Array.from({ length: kind === 'order' ? MAX_ORDERS : MAX_QING_RECORDS }, (_, i) => ({
            itemRef: data.orderRef(i),
            amountCents: i % 2 ? -data.amount : data.amount,
          }));

  let n = 0;
  const row = (channel: SealChannel, state: State, kind: Kind, over: Partial<ContractRow> = {}): ContractRow => {
    n += 1;
    return {
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      accountId: 'a',
      number: `HT-2026-${String(999000 + n)}`,
      kind,
      sealChannel: channel,
      vendor,
      status: state.status,
      subStatus: state.subStatus,
      partyA: data.partyA,
      totalCents: data.amount,
      frameworkId: null,
      requesterId: 'U0REQUESTER',
      signerId: '00000000-0000-4000-9000-000000000001',
      signerName: data.signerName,
      signerPhone: data.partyA.phone,
      smsSentAt: null,
      rejectionReason: data.reason,
      effectiveAt: new Date(),
      expiresAt: new Date(),
      expiredAt: null,
      version: 999_999_999,
      createdAt: new Date(),
      updatedAt: new Date(),
      nextPollAt: null,
      staleSince: new Date(),
      staleReason: data.staleReasons[n % data.staleReasons.length]!,
      claimedBy: null,
      ...over,
    };
  };
  /** Every (channel, status, sub-status) of the status table the vendor's channels reach, each with every kind it offers. */
  const CONTRACTS = validStates()
    .filter(({ channel }) => channels.includes(channel))
    .flatMap(({ channel, state }) => kinds.map((kind) => row(channel, state, kind)));
  const paperCopies = vendorProfile(vendor).paperCopies;

  const signer = (i: number): SignerRow => ({
    id: `00000000-0000-4000-9000-${String(i + 1).padStart(12, '0')}`,
    accountId: 'a',
    name: data.person,
    phone: data.partyA.phone,
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
    vendor,
    verifiedSubject: data.name,
    subjectType: 'enterprise',
    esignActivated: true,
    subjectChangePending: false,
    previousSubject: data.name,
    notificationChannel: 'C0123456789',
    language: 'en',
    timeZone: 'Asia/Shanghai',
    approvalKinds: [...kinds],
    approvalMinTotalCents: data.amount,
    createdAt: new Date(),
  } as AccountRow;
  const TRAIL = ACTIONS.map((action, i) => ({
    at: new Date(),
    actor: i % 2 ? `system:esign` : 'U0123456789',
    action,
    fromStatus: null,
    fromSubStatus: null,
    toStatus: 'draft' as const,
    toSubStatus: 'draft_ready' as const,
  }));
  const URL = `https://contract-desk.example.cn/documents/${'0'.repeat(36)}/draft.pdf?expires=99999999999&sig=${'f'.repeat(64)}`;
  const people = Array.from({ length: 150 }, (_, i) => `U${String(i).padStart(10, '0')}`);
  const names = Object.fromEntries(people.map((u) => [u, data.person]));

  // The wizard (src/slack/views/wizard.ts).
  view('startView', wizard.startView(l, vendor));
  view(
    'startView with templates',
    wizard.startView(l, vendor, (k) => `https://contract-desk.example.com/${long('p/', 300)}/templates/${k}.pdf`),
  );
  for (const kind of kinds) for (const channel of channels) view(`itemsView ${kind} ${channel}`, wizard.itemsView(l, { kind, channel }, vendor));
  const refs = itemsFor('order').map((i) => i.itemRef);
  for (const kind of kinds.filter((k) => k !== 'framework' && k !== 'filing')) {
    view(
      `reviewView ${kind}`,
      wizard.reviewView(
        l,
        { mode: 'create', kind, channel: 'vendor_seal', items: refs },
        refs.map((id, i) => ({ id, type: 'postpaid' as const, createdOn: '2026-11-01', amountCents: 100_000_00 + i, product: data.product })),
        vendor,
      ),
    );
  }
  for (const kind of kinds)
    for (const channel of channels)
      view(`partyAView create ${kind} ${channel}`, wizard.partyAView(l, data.name, data.partyA, { mode: 'create', kind, channel, items: refs }, vendor));
  if (channels.includes('dual_seal'))
    view('partyAView fill', wizard.partyAView(l, data.name, {}, { mode: 'fill', contractId: CONTRACTS[0]!.id, version: 999_999_999 }, vendor));
  view('loadingView', wizard.loadingView(l));
  for (const key of ['draftSaved', 'partyAFilled', 'sentToApproval', 'signingStarted', 'somethingWrong', 'viewRefused', 'unknownWorkspace'] as const) {
    view(`doneView ${key}`, wizard.doneView(l, t(key, l, { number: 'HT-2026-999999', name: data.person, phone: data.partyA.phone, duration: '3' })));
  }
  view('doneView refusal', wizard.doneView(l, `⚠️ ${data.reason}`));
  for (const c of CONTRACTS.filter((_, i) => i % 7 === 0)) {
    if (c.sealChannel === 'dual_seal') {
      view(`confirmTextView ${c.kind}`, wizard.confirmTextView(l, c, URL));
      view(`signingView enterprise ${c.kind}`, wizard.signingView(l, c, false, SIGNERS, { pending: SIGNERS.slice(0, 3), approvalFirst: true }));
      view(`signingView personal ${c.kind}`, wizard.signingView(l, c, true, []));
      view(`signingView no signers ${c.kind}`, wizard.signingView(l, c, false, []));
      // Many signers pending the e-sign administrator, none authorised yet (issue 26 item 8).
      const pending = Array.from({ length: 30 }, (_, i) => ({ name: data.person, phone: `1380013${String(i).padStart(4, '0')}` }));
      view(`signingView pending, none authorised ${c.kind}`, wizard.signingView(l, c, false, [], { approvalFirst: true, pending }));
    }
    if (c.sealChannel === 'vendor_seal' && c.subStatus === 'draft_ready') {
      // QingCloud's guide's page of the draft just saved, with and without an approval first (issue 26 item 7).
      const text = t('draftReadyNow', l, { number: c.number });
      view(`draftSavedView ${c.kind}`, draftSaved.draftSavedView(l, c, text, { policy: { kinds: [c.kind], minTotalCents: null } }));
      view(`draftSavedView ${c.kind} no approval`, draftSaved.draftSavedView(l, c, text));
    }
    view(`rejectView ${c.kind}`, approvals.rejectView(l, c, { channel: 'D0123456789', ts: '1764547200.123456' }));
    view(`rejectView from Home ${c.kind}`, approvals.rejectView(l, c, null));
    if (paperCopies) view(`paperView ${c.kind}`, wizard.paperView(l, c));
  }
  for (const kind of kinds) {
    const hint = wizard.itemsHint(kind, l) || '-';
    message(`itemsHint ${kind}`, hint, [{ type: 'context', elements: [{ type: 'mrkdwn', text: hint }] }]);
  }
  for (const channel of channels) {
    const underway = wizard.draftUnderwayText(l, 'create', 'HT-2026-999999', channel, 60);
    message(`draftUnderwayText ${channel}`, underway, [{ type: 'section', text: { type: 'mrkdwn', text: underway } }]);
  }

  // The paper copy (src/slack/views/paper.ts): Tencent's alone (Tencent's paper guide); QingCloud offers the e-contract only.
  if (paperCopies) {
    const mailing = { recipient: data.partyA.contactName, phone: data.partyA.phone, address: data.partyA.address, enclosures: [] };
    view('mailingView shipped', paper.mailingView(l, 'HT-2026-999999', { ...mailing, trackingNumber: data.tracking }));
    view('mailingView waiting', paper.mailingView(l, 'HT-2026-999999', { ...mailing, trackingNumber: null }));
    const at = new Date('2026-09-22T02:00:00Z');
    const cx = { contractId: CONTRACTS[0]!.id, version: 999_999_999, vendorAddress: data.vendorAddress };
    const filing = { ...mailing, enclosures: ['access_provider_licence', 'filing_screenshots'], trackingNumber: null };
    view('mailingView to mail', paper.mailingView(l, 'HT-2026-999999', filing, cx));
    view('mailingView mailed', paper.mailingView(l, 'HT-2026-999999', { ...filing, mailedAt: at, outboundTracking: data.tracking }, cx));
    view('mailingView received', paper.mailingView(l, 'HT-2026-999999', { ...filing, mailedAt: at, receivedAt: at, shipDueAt: at }, cx));
  }
  // Each vendor's own FAQ: Tencent's paper guide's for Tencent Cloud, QingCloud's guide's explanations for QingCloud (issue 26 item 5).
  view('faqView', paper.faqView(l, vendor));

  // Admin surfaces (src/slack/views/admin.ts).
  view('profileView editable', admin.profileView(l, data.name, data.partyA, true));
  view('profileView read-only', admin.profileView(l, data.name, data.partyA, false));
  view('profileView empty', admin.profileView(l, data.name, null, true));
  view('signerRequestView', admin.signerRequestView(l));
  view(
    'signerRequestView from the signing step',
    admin.signerRequestView(l, { signingViewId: 'V0123456789', contractId: CONTRACTS[0]!.id, version: 999_999_999 }),
  );
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
  // Set-up (src/slack/views/setup.ts): the unlinked workspace, both pages, the way back from settings.
  const ask = Array.from({ length: 5 }, (_, i) => `U${String(i).padStart(10, '0')}`);
  for (const right of ['installer', 'owner', 'admin', null] as const) {
    message(`unlinkedBlocks ${right}`, setup.unlinkedText(l), setup.unlinkedBlocks(l, { right, ask: right ? [] : ask }));
    view(`unlinkedHomeView ${right}`, setup.unlinkedHomeView(l, { right, ask: right ? [] : ask }));
  }
  message('unlinkedBlocks nobody to name', setup.unlinkedText(l), setup.unlinkedBlocks(l, { right: null, ask: [] }));
  const setupAccount = {
    vendor,
    cloudAccountId: long('1000', 64),
    verifiedSubject: data.name.slice(0, 200),
    subjectType: 'enterprise' as const,
    address: data.partyA.address,
    contactName: data.partyA.contactName,
    phone: data.partyA.phone,
    email: data.partyA.email,
    language: l,
    timeZone: 'America/Argentina/ComodRivadavia',
  };
  const policy = {
    notificationChannel: 'C0123456789',
    admins: ask,
    approvers: ask,
    esignAdmins: ask,
    approvalKinds: [...kinds],
    approvalMinTotalCents: data.amount,
    vendorPaperAddress: data.vendorAddress,
  };
  view('accountSetupView new', setup.accountSetupView(l, setupAccount, { mode: 'new' }));
  view('accountSetupView edit', setup.accountSetupView(l, setupAccount, { mode: 'edit', firstContract: 'HT-2026-999999' }));
  view('rolesSetupView', setup.rolesSetupView(l, setupAccount, policy));
  message('unlinkedText', setup.unlinkedText(l));
  message('askText', setup.askText(l, ask));
  message('askText nobody', setup.askText(l, []));
  for (const mode of ['new', 'settings'] as const) {
    for (const subjectType of ['enterprise', 'personal'] as const)
      // Input blocks: they live in a modal (settings, set-up's second page).
      view(`policyBlocks ${mode} ${subjectType}`, {
        type: 'modal',
        title: { type: 'plain_text', text: '-' },
        submit: { type: 'plain_text', text: '-' },
        blocks: setup.policyBlocks(l, { vendor, subjectType }, policy, mode),
      });
  }
  message('accountSummaryBlocks', '-', setup.accountSummaryBlocks(l, setupAccount));
  for (const roles of [[...ROLES], ['approver'] as Role[], ['esignAdmin'] as Role[]]) {
    for (const name of [data.person, '']) {
      const m = setup.rolesEmptiedMessage({ userId: 'U0GONE0001', name, roles }, l);
      message(`rolesEmptiedMessage ${roles.join(',')}${name ? '' : ' nameless'}`, m.text, m.blocks);
    }
  }
  message('setupDoneText', setup.setupDoneText(l, setupAccount), [{ type: 'section', text: { type: 'mrkdwn', text: setup.setupDoneText(l, setupAccount) } }]);
  message('signersBlocks', t('signersTitle', l), admin.signersBlocks(l, false, SIGNERS, vendor));
  message('signersBlocks none', t('signersTitle', l), admin.signersBlocks(l, false, [], vendor));
  message('signersBlocks personal', t('signersTitle', l), admin.signersBlocks(l, true, [], vendor));
  for (const decision of ['authorise', 'reject'] as const) {
    const decided = admin.signerDecidedMessage(l, SIGNERS[0]!, decision, 'U0APPROVER');
    message(`signerDecidedMessage ${decision}`, t('signerAuthorised', l, { who: '<@U0APPROVER>' }), decided);
  }

  // What an enterprise must have in place first (src/slack/views/prerequisites.ts).
  for (const which of ['esign', 'subject'] as const) {
    if (which === 'esign' && !channels.includes('dual_seal')) continue;
    view(`prerequisiteRefusal ${which} admin`, prerequisites.prerequisiteRefusal(l, which, { isAdmin: true, admins: [] }));
    view(`prerequisiteRefusal ${which} others`, prerequisites.prerequisiteRefusal(l, which, { isAdmin: false, admins: ['U0ADMIN001', 'U0ADMIN002'] }));
    view(`prerequisiteRefusal ${which} no admins`, prerequisites.prerequisiteRefusal(l, which, { isAdmin: false, admins: [] }));
  }
  view('agreementView', prerequisites.agreementView(l, ACCOUNT, 'refusal'));
  message('agreementButton', '-', [prerequisites.agreementButton(l)]);
  message('activatedText', prerequisites.activatedText(l));
  message('recordedText', prerequisites.recordedText(l));

  // Import (src/slack/views/import.ts).
  const refused = Array.from({ length: 40 }, (_, i) => ({
    row: i + 2,
    column: data.product,
    message: domainError('AMOUNT_INVALID', { field: { zh: '金额', en: 'Amount' } }).message,
  }));
  const summary = { kind: 'orders' as const, fileName: data.fileName, rows: 1000, added: 900, updated: 50, unchanged: 10, refused };
  view('importView', imports.importView(l, vendor));
  view('importingView', imports.importingView(l, data.fileName));
  view('importResultView', imports.importResultView(l, summary, 'sent'));
  view('importResultView not sent', imports.importResultView(l, summary, 'notSent'));
  view('importFailedView', imports.importFailedView(l, data.fileName, { zh: '缺少列：金额', en: 'Missing column: amount' }));
  // Tencent Cloud accounts: the billing API's section (no key; a key and its last sync; a failed sync), its key modal.
  if (vendor === 'tencent') {
    const at = new Date('2026-11-20T02:00:00Z');
    const status = { keyHint: 'AKID…1234', setBy: 'U0ADMIN', setAt: at, lastRunAt: at, lastOutcome: null };
    const failed = {
      ok: false as const,
      at: at.toISOString(),
      code: 'AuthFailure.SignatureFailure',
      message: tencentProblemMessage('AuthFailure.SignatureFailure', ''),
    };
    const synced = { ok: true as const, at: at.toISOString(), rows: 30, added: 28, updated: 1, unchanged: 1, refused: 0 };
    view('importView tencent, no key', imports.importView(l, vendor, { status: null, timeZone: 'Asia/Shanghai' }));
    view('importView tencent, synced', imports.importView(l, vendor, { status: { ...status, lastOutcome: synced }, timeZone: 'Asia/Shanghai' }));
    view('importView tencent, failed', imports.importView(l, vendor, { status: { ...status, lastOutcome: failed }, timeZone: 'Asia/Shanghai' }));
    view('tencentKeyView', imports.tencentKeyView(l));
    view('tencentKeyView sandbox', imports.tencentKeyView(l, { secretId: 'AKIDΑΒΓΔΕΖΗΘ', secretKey: 'ΑΒΓΔΕΖΗΘΙΚΛΜ' }));
    view('tencentSyncingView', imports.tencentSyncingView(l));
    view('tencentFailedView', imports.tencentFailedView(l, tencentProblemMessage('RequestLimitExceeded', '')));
    for (const code of ['AuthFailure.SignatureFailure', 'UnauthorizedOperation', 'Network']) {
      const m = imports.tencentSyncFailedMessage({ message: tencentProblemMessage(code, 'connect ECONNREFUSED'), at: failed.at }, l, 'Asia/Shanghai');
      message(`tencentSyncFailedMessage ${code}`, m.text, m.blocks);
    }
  }
  message('importReportComment', imports.importReportComment(l, data.fileName, 40));
  message('importReportCsv', imports.importReportCsv(refused.slice(0, 3), l).toString('utf8'));

  // Contracts: the Home tab, the thread, approvals, signing (src/slack/views/contract.ts), as the notifier posts them.
  view('homeView all states', contract.homeView(CONTRACTS, l));
  // An approver's Home with everything at once: a notice, approvals waiting, who rejected, filing numbers.
  const refsOf = new Map(CONTRACTS.map((c) => [c.id, itemsFor(c.kind).map((i) => i.itemRef)]));
  const extras = {
    items: refsOf,
    approvals: CONTRACTS.slice(0, 40),
    rejectedBy: new Map(CONTRACTS.map((c) => [c.id, 'U0APPROVER'])),
    notice: `📄 ${data.reason} <${URL}|PDF>`,
  };
  view('homeView approver', contract.homeView(CONTRACTS, l, { canImport: true }, extras));
  view('homeView approver with none of their own', contract.homeView([], l, {}, { ...extras, approvals: CONTRACTS.slice(0, 2) }));
  view('homeView empty', contract.homeView([], l));
  // The record (src/slack/views/record.ts).
  const page = {
    rows: CONTRACTS.slice(0, 20),
    total: 100_000,
    page: 3,
    pages: 5000,
    requesters: people,
    names,
    items: new Map(CONTRACTS.map((c) => [c.id, itemsFor(c.kind).map((i) => i.itemRef)])),
  };
  view(
    'recordView a middle page',
    record.recordView(l, { kind: kinds[1]!, status: 'effective', requesterId: people[0]!, page: 3 }, page, vendor, {
      viewer: { userId: 'U0REQUESTER', isAdmin: false },
    }),
  );
  view('recordView empty', record.recordView(l, { page: 0 }, { rows: [], total: 0, page: 0, pages: 1, requesters: [] }, vendor));
  for (const c of CONTRACTS) {
    const v = { contract: c, items: itemsFor(c.kind) };
    const what = `${c.sealChannel} ${c.status}/${c.subStatus} ${c.kind}`;
    message(`threadRootText ${what}`, contract.threadRootText(c, l), contract.contractSummary(v, l));
    message(`contractSummary with buttons ${what}`, c.number, contract.contractSummary(v, l, { withButtons: true }));
    message(`contractButtons ${what}`, c.number, [contract.contractButtons(c, l) ?? { type: 'divider' }]);
    message(`summaryFields ${what}`, c.number, [contract.summaryFields(c, l)]);
    const asked = t('approvalRequest', l, { requester: `<@${c.requesterId}>`, kind: pick(KIND_LABEL[c.kind], l), number: c.number });
    message(`approvalMessage request ${what}`, asked, contract.approvalMessage(c, l));
    message(`approvalMessage approved ${what}`, c.number, contract.approvalMessage(c, l, { approved: true, by: 'U0APPROVER' }));
    message(`approvalMessage rejected ${what}`, c.number, contract.approvalMessage(c, l, { approved: false, by: 'U0APPROVER', reason: data.reason }));
    if (c.sealChannel === 'dual_seal') {
      message(`signRequestMessage ${what}`, c.number, contract.signRequestMessage(c, l));
      message(`signRequestMessage signed ${what}`, contract.signedText(l), contract.signRequestMessage(c, l, true));
    }
    for (const a of listActions(c.sealChannel, c).filter((x) => x === 'convert' || x === 'void' || x === 'delete' || x === 'cancelSigning' || x === 'resend')) {
      message(`actionAnswer ${a} ${what}`, answers.actionAnswer(a, c, l, 60));
    }
  }
  const first = CONTRACTS[0]!;
  const last = CONTRACTS.at(-1)!;
  for (const action of [...ACTIONS, 'create']) {
    const e = { number: 'HT-2026-999999', action, actor: 'U0123456789', from: first, to: last, vendor, detail: { reason: data.reason } };
    message(`transitionText ${action}`, contract.transitionText(e, l));
    message(`transitionText ${action} by the system`, contract.transitionText({ ...e, actor: 'system:esign', from: null }, l));
  }

  // What /contract answers (src/slack/views/commands.ts).
  message('helpMessage', t('helpTitle', l), commands.helpMessage(l, '10.20.30', vendor));
  message(
    'helpMessage after an unknown word',
    t('unknownCommand', l, { verb: 'Λέξη' }),
    commands.helpMessage(l, '10.20.30', vendor, `${long('Λέξη', 300)}<@U0EVIL>`),
  );
  message('verifyUsage', t('verifyUsage', l));
  message('showUsage', t('showUsage', l));
  message('listMessage', t('listTitle', l), commands.listMessage(CONTRACTS.slice(0, 15), l));
  message('listMessage empty', t('listTitle', l), commands.listMessage([], l));
  message('listMessage 30 and more', t('listTitle', l), commands.listMessage(CONTRACTS.slice(0, 30), l, 99_999));
  const listItems = new Map(CONTRACTS.map((c) => [c.id, itemsFor(c.kind).map((i) => i.itemRef)]));
  message('listMessage with items', t('listTitle', l), commands.listMessage(CONTRACTS.slice(0, 15), l, 0, {}, listItems));
  for (const c of CONTRACTS.filter((_, i) => i % 5 === 0)) {
    message(
      `showMessage ${c.kind}`,
      c.number,
      commands.showMessage({ contract: c, items: itemsFor(c.kind) }, TRAIL, l, true, {
        names: new Map([['U0123456789', data.person]]),
        timeZone: 'Asia/Shanghai',
      }),
    );
  }
  for (const c of CONTRACTS.filter((_, i) => i % 7 === 0)) {
    const what = { items: itemsFor(c.kind), draftUrl: URL };
    message(`approvalMessage with items and draft ${c.kind}`, c.number, contract.approvalMessage(c, l, undefined, what));
    message(`itemsSection ${c.kind}`, c.number, contract.itemsSection(what.items, l));
    if (c.sealChannel === 'dual_seal') message(`signRequestMessage with the draft ${c.kind}`, c.number, contract.signRequestMessage(c, l, false, 60, URL));
  }
  if (channels.includes('dual_seal'))
    message('signedText', contract.signedText(l, 60), [{ type: 'context', elements: [{ type: 'mrkdwn', text: contract.signedText(l, 60) }] }]);
  const doc = { matched: 'fingerprint' as const, kind: 'formal', createdAt: new Date(), contract: last };
  message('verifyMessage found', t('formalLink', l), [
    { type: 'section', text: { type: 'mrkdwn', text: commands.verifyMessage(doc, 'abcdef12', l, 'Asia/Shanghai') } },
  ]);
  message('verifyMessage unknown', '-', [
    { type: 'section', text: { type: 'mrkdwn', text: commands.verifyMessage(null, long('f', 3000), l, 'Asia/Shanghai') } },
  ]);
  message('verifyMessage ambiguous', '-', [
    { type: 'section', text: { type: 'mrkdwn', text: commands.verifyMessage({ ambiguous: true }, 'abcdef12', l, 'Asia/Shanghai') } },
  ]);

  // The item picker (src/slack/views/items.ts): eligible items, and each reason one is not.
  const reasons: DomainError[] = [
    domainError('R13_ITEM_OCCUPIED', { item: data.orderRef(1), number: 'HT-2026-999999' }),
    domainError('R13_ITEM_IN_VOIDED', { item: data.orderRef(6), number: 'HT-2026-999999' }),
    domainError('R11_MONTHLY_BILL', { item: data.orderRef(2) }),
    domainError('R11_MARKETPLACE', { item: data.orderRef(3) }),
    domainError('R11_POSTPAID_BEFORE_2018_09', { item: data.orderRef(4) }),
    domainError('R11_WRONG_ORDER_TYPE', { item: data.orderRef(5), type: { zh: '预付费', en: 'prepaid' }, kind: { zh: '充值合同', en: 'recharge contract' } }),
  ];
  const found = (reason: DomainError | null, i: number) => ({
    id: data.orderRef(i),
    detail: data.product,
    type: 'prepaid',
    amountCents: data.amount,
    createdOn: '2026-11-20',
    reason,
  });
  for (const kind of kinds.filter((k) => k !== 'framework')) {
    const picker = (name: string, o: ReturnType<typeof items.itemOptions>) => out.push({ name: `${l} itemOptions ${name} ${kind} ${vendor}`, options: o });
    picker('mixed', items.itemOptions([found(null, 0), ...reasons.map((r, i) => found(r, i + 1))], kind, l));
    picker(
      'none eligible',
      items.itemOptions(
        reasons.map((r, i) => found(r, i + 1)),
        kind,
        l,
      ),
    );
    picker('nothing found', items.itemOptions([], kind, l));
  }
  for (const r of reasons) message(`shortReason ${r.code}`, items.shortReason(r, l));

  // What the notifier posts (src/slack/views/notifications.ts).
  const changed = (c: ContractRow, action: string, actor: string) => ({
    number: c.number,
    kind: c.kind,
    channel: c.sealChannel,
    vendor,
    action,
    actor,
    from: first,
    to: c,
    version: 2,
    detail: { reason: data.reason },
  });
  const peopleNames = new Map([['U0123456789', data.person]]);
  for (const c of CONTRACTS.filter((_, i) => i % 3 === 0)) {
    for (const [action, actor] of [
      ['draftGenerated', 'system:esign'],
      ['reject', 'U0123456789'],
      ['vendorSealed', 'system:esign'],
    ] as const) {
      const docLink = { kind: 'formal' as const, url: URL };
      const m = notifications.changeReply(changed(c, action, actor), l, docLink, peopleNames, 60);
      message(`changeReply ${action} ${c.kind}`, m.text, m.blocks);
      const d = notifications.requesterUpdate(changed(c, action, actor), l, docLink, peopleNames, 60);
      message(`requesterUpdate ${action} ${c.kind}`, d.text, d.blocks);
    }
    const ask = notifications.approvalRequest(c, l, { items: itemsFor(c.kind), draftUrl: URL });
    message(`approvalRequest ${c.kind}`, ask.text, ask.blocks);
    const decided = notifications.approvalDecided(c, l, { approved: false, by: 'U0APPROVER', reason: data.reason });
    message(`approvalDecided ${c.kind}`, decided.text, decided.blocks);
    for (const kind of ['signer', 'requester', 'approvers', 'filingExpiry'] as const) {
      if (kind === 'filingExpiry' && c.kind !== 'filing') continue;
      if (kind === 'signer' && c.sealChannel !== 'dual_seal') continue;
      const r = notifications.reminder(kind, c, l, '2027-01-31T00:00:00.000Z');
      message(`reminder ${kind} ${c.kind}`, r.text, r.blocks);
    }
    if (c.sealChannel === 'dual_seal') {
      const sr = notifications.signRequest(c, l, URL);
      message(`signRequest ${c.kind}`, sr.text, sr.blocks);
      message(`signerHasNoSlack ${c.kind}`, notifications.signerHasNoSlack(c, l).text);
      message(`signingSms ${c.kind}`, notifications.signingSms(c, URL));
    }
  }
  for (const reason of data.staleReasons) {
    message('staleReply', notifications.staleReply(reason, l, vendor).text);
    message('staleDm', notifications.staleDm('HT-2026-999999', reason, l, vendor).text);
  }
  message('expiredReply', notifications.expiredReply('HT-2026-999999', l).text);
  message('documentTitle', notifications.documentTitle('HT-2026-999999', 'formal', l));
  message('signingCodeSms', notifications.signingCodeSms('HT-2026-999999', '123456'));
  message('noEsignAdmin', notifications.noEsignAdmin(data.person, l).text);
  const authReq = notifications.signerAuthRequest({ ...signer(1), status: 'pending', requestedBy: 'U0REQUESTER' }, l);
  message('signerAuthRequest', authReq.text, authReq.blocks);
  message('signerDecided authorise', notifications.signerDecided(data.person, 'authorise', l).text);
  for (const decision of ['authorise', 'reject'] as const) {
    const copy = notifications.signerDecidedCopy(SIGNERS[0]!, decision, 'U0APPROVER', l);
    message(`signerDecidedCopy ${decision}`, copy.text, copy.blocks);
  }
  message('signerDecided reject', notifications.signerDecided(data.person, 'reject', l).text);
  message('subjectChanged', notifications.subjectChanged(data.name, `${data.name} 2`, l).text);
  for (const error of ['not_in_channel', 'is_archived', 'token_revoked', 'fatal_error']) {
    const held = notifications.deliveryHeld(error, error === 'token_revoked' ? null : 'C0123456789', l);
    message(`deliveryHeld ${error}`, held.text, held.blocks);
  }
  message('clickAnswer', notifications.clickAnswer({ zh: `已完成：作废（HT-2026-999999）`, en: 'Done: Void (HT-2026-999999)' }, l).text);
  return out;
}

/** The view modules, by file name, as the every-surface test reads them from src/slack/views/. */
export const MODULES: Record<string, Record<string, unknown>> = {
  'admin.ts': admin,
  'answers.ts': answers,
  'approvals.ts': approvals,
  'commands.ts': commands,
  'contract.ts': contract,
  'draft-saved.ts': draftSaved,
  'import.ts': imports,
  'items.ts': items,
  'notifications.ts': notifications,
  'paper.ts': paper,
  'prerequisites.ts': prerequisites,
  'record.ts': record,
  'setup.ts': setup,
  'wizard.ts': wizard,
};
