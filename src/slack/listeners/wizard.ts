// The modal wizard (R9, R10): kind and channel → items → Party A → (dual) confirm text → signing info. Each step
// parses its form, asks the services, and answers each refusal under the field that caused it, or the next step.
import { parseInput, PartyADetails, SigningPhone } from '../../domain/inputs.js';
import { approvalPolicyOf, needsApproval } from '../../domain/rules.js';
import type { Actor } from '../../domain/types.js';
import { vendorProfile } from '../../domain/vendors.js';
import type { AccountRow } from '../../services/index.js';
import * as svc from '../../services/index.js';
import type { SlackDeps } from '../context.js';
import { type Locale, t } from '../i18n.js';
import { BLOCK, CB } from '../ids.js';
import { ContractMeta, ItemsMeta, parseMeta, PartyAMeta, STATE } from '../payloads.js';
import type { ViewRouter } from '../routes.js';
import { draftSavedView } from '../views/draft-saved.js';
import { NO_MATCH } from '../views/items.js';
import { doneView, draftUnderwayText, itemsView, needsPartyAConfirmation, partyAView, reviewView, signingView } from '../views/wizard.js';
import { prerequisiteView } from './prerequisites.js';
import { type Answer, errors, fieldErrors, onSubmit, readState, update, who } from './submission.js';

/** Where each Party A field's refusal is shown (the wizard's Party A step and the admin's profile share the form). */
export const PARTY_A_BLOCKS = { address: BLOCK.address, contactName: BLOCK.contactName, phone: BLOCK.phone, email: BLOCK.email } as const;

/** The Party A field a service refusal is about, when it names one (`key`). */
export const refusedField = (e: { params: Record<string, unknown> }): string | undefined =>
  (PARTY_A_BLOCKS as Record<string, string>)[String(e.params.key ?? '')];

export function registerWizard(router: ViewRouter, deps: SlackDeps): void {
  const ctx = deps.ctx;

  onSubmit(router, deps, CB.start, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    if (!account || !actor) return answer(errors(BLOCK.kind, t('unknownWorkspace', l)));
    const form = readState(STATE[CB.start], view, BLOCK.kind, l);
    if (!form.ok) return answer(form.answer);
    const chosen = ItemsMeta.safeParse({ kind: form.value.kind, channel: form.value.channel });
    // Every missing choice is named at once, each under its own field; a value no option has is unreadable.
    if (!chosen.success) {
      const missing = {
        ...(form.value.kind ? {} : { [BLOCK.kind]: t('chooseKind', l) }),
        ...(form.value.channel ? {} : { [BLOCK.channel]: t('chooseChannel', l) }),
      };
      return answer(Object.keys(missing).length ? { response_action: 'errors', errors: missing } : errors(BLOCK.kind, t('fieldUnreadable', l)));
    }
    const { kind, channel } = chosen.data;
    // Refuse now what creation would refuse anyway, on the field that caused it.
    const refusal = await svc.creationRefusal(ctx.db, account, kind, channel);
    // R7, R5: the refusal shows the way through (an admin's button, or who the admins are).
    const prerequisite = refusal?.error.code === 'R7_ESIGN_NOT_ACTIVATED' ? 'esign' : refusal?.error.code === 'R5_SUBJECT_CHANGED' ? 'subject' : null;
    if (prerequisite) return answer(update(await prerequisiteView(deps, account, body.user.id, prerequisite, l)));
    if (refusal) return answer(errors(refusal.field === 'kind' ? BLOCK.kind : BLOCK.channel, refusal.error.message[l]));
    if (kind !== 'framework') return answer(update(itemsView(l, { kind, channel }, account.vendor)));
    if (channel === 'vendor_seal') return answer(update(await partyAStep(deps, account, l, { mode: 'create', kind, channel, items: [] })));
    return answer(await createThenPartyA(deps, account, actor, l, { kind, channel, itemIds: [] }, BLOCK.kind));
  });

  onSubmit(router, deps, CB.items, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    const m = parseMeta(ItemsMeta, view.private_metadata);
    if (!account || !actor || !m) return answer(errors(BLOCK.items, t('somethingWrong', l)));
    const form = readState(STATE[CB.items], view, BLOCK.items, l);
    if (!form.ok) return answer(form.answer);
    const items = form.value.items.filter((id) => id !== NO_MATCH);
    // The whole selection as creation will take it (R11 incl. the total >= 0, R12, R13): refused here, under the
    // items, while they can still be changed; the modal keeps them.
    const checked = await svc.checkSelection(ctx, account.id, m.kind, items);
    if (!checked.ok) return answer(errors(BLOCK.items, checked.error.message[l]));
    // R15: QingCloud reads the picked records back (确认记录) before Party A.
    if (vendorProfile(account.vendor).immediate) {
      return answer(update(reviewView(l, { mode: 'create', kind: m.kind, channel: m.channel, items }, checked.value.records, account.vendor)));
    }
    if (m.channel === 'vendor_seal') return answer(update(await partyAStep(deps, account, l, { mode: 'create', kind: m.kind, channel: m.channel, items })));
    return answer(await createThenPartyA(deps, account, actor, l, { kind: m.kind, channel: m.channel, itemIds: items }, BLOCK.items));
  });

  onSubmit(router, deps, CB.review, async ({ body, view, client }, answer) => {
    const { account, l } = await who(deps, body, client);
    const m = parseMeta(PartyAMeta, view.private_metadata);
    if (!account || !m || m.mode !== 'create') return answer(update(doneView(l, t('somethingWrong', l))));
    return answer(update(await partyAStep(deps, account, l, m)));
  });

  onSubmit(router, deps, CB.partyA, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    const m = parseMeta(PartyAMeta, view.private_metadata);
    if (!account || !actor || !m) return answer(errors(BLOCK.address, t('somethingWrong', l)));
    const form = readState(STATE[CB.partyA], view, BLOCK.address, l);
    if (!form.ok) return answer(form.answer);
    const v = form.value;
    // R15: a required tick; Slack enforces it in the client, the app again for a forged submission.
    if (needsPartyAConfirmation(m, account.vendor) && !v[BLOCK.partyAConfirmed].includes('yes')) {
      return answer(errors(BLOCK.partyAConfirmed, t('partyANotConfirmed', l)));
    }
    const details = parseInput(PartyADetails, { address: v.address, contactName: v.contact_name, phone: v.phone, email: v.email });
    if (!details.ok) return answer(fieldErrors(details.errors, PARTY_A_BLOCKS, l));
    const r =
      m.mode === 'create'
        ? await svc.createDraft(ctx, actor, { kind: m.kind, channel: m.channel, itemIds: m.items, partyA: details.value })
        : await svc.fillPartyA(ctx, actor, m.contractId, details.value, { expectedVersion: m.version });
    // A field the services refused by its key (a character the contract font cannot print) goes under that field; what
    // is left are rules of the whole contract (R2 or R13 lost in a race, a stale version): under the first field.
    if (!r.ok) return answer(errors(refusedField(r.error) ?? BLOCK.address, r.error.message[l]));
    const ready = r.value.subStatus === 'draft_ready';
    const text = draftUnderwayText(l, m.mode, r.value.number, r.value.sealChannel, deps.timeScale, ready);
    // QingCloud's guide: the draft just saved offers 立即转为正式合同 right there, and 返回合同管理.
    await answer(update(ready ? draftSavedView(l, r.value, text, { policy: approvalPolicyOf(account) }) : doneView(l, text)));
    // The outbox posts the change and republishes the requester's Home with it (one publish, not two).
    void deps.deliverNow(r.value.id);
  });

  onSubmit(router, deps, CB.confirmText, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    const m = parseMeta(ContractMeta, view.private_metadata);
    if (!account || !actor || !m) return answer();
    const r = await svc.confirmText(ctx, actor, m.contractId, { expectedVersion: m.version });
    if (!r.ok) return answer(update(doneView(l, `⚠️ ${r.error.message[l]}`)));
    const signers = await svc.authorisedSigners(ctx.db, account.id);
    const approvalFirst = needsApproval(approvalPolicyOf(account), r.value);
    const pending = await svc.pendingSigners(ctx.db, account.id);
    await answer(update(signingView(l, r.value, account.subjectType === 'personal', signers, { approvalFirst, pending })));
    void deps.deliverNow(r.value.id);
  });

  onSubmit(router, deps, CB.signing, async ({ body, view, client }, answer) => {
    const { account, l, actor } = await who(deps, body, client);
    const m = parseMeta(ContractMeta, view.private_metadata);
    if (!account || !actor || !m) return answer();
    const personal = account.subjectType === 'personal';
    const block = personal ? BLOCK.signPhone : BLOCK.signer;
    const form = readState(STATE[CB.signing], view, block, l);
    if (!form.ok) return answer(form.answer);
    let info: svc.SigningInfo = { signerId: form.value.signer ?? '' };
    if (personal) {
      const p = parseInput(SigningPhone, { phone: form.value.sign_phone });
      if (!p.ok) return answer(fieldErrors(p.errors, { phone: BLOCK.signPhone }, l));
      info = { phone: p.value.phone };
    }
    const confirmed = await svc.confirmSigningInfo(ctx, actor, m.contractId, info, { expectedVersion: m.version });
    if (!confirmed.ok) return answer(errors(block, confirmed.error.message[l]));
    const started = await svc.startSigning(ctx, actor, m.contractId, { expectedVersion: confirmed.value.version });
    if (!started.ok) return answer(errors(block, started.error.message[l]));
    const c = started.value;
    const msg =
      c.subStatus === 'awaiting_approval'
        ? t('sentToApproval', l, { number: c.number })
        : t('signingStarted', l, { name: c.signerName ?? '', phone: c.signerPhone ?? '' });
    await answer(update(doneView(l, msg)));
    // The outbox posts the change and republishes the requester's Home with it (one publish, not two).
    void deps.deliverNow(c.id);
  });
}

/** The dual channel creates its draft once the items are chosen (filling_info), then asks for Party A. */
async function createThenPartyA(
  deps: SlackDeps,
  account: AccountRow,
  actor: Actor & { type: 'user' },
  l: Locale,
  input: svc.CreateDraftInput,
  block: string,
): Promise<Answer> {
  const r = await svc.createDraft(deps.ctx, actor, input);
  if (!r.ok) return errors(block, r.error.message[l]);
  void deps.deliverNow(r.value.id);
  return update(await partyAStep(deps, account, l, { mode: 'fill', contractId: r.value.id, version: r.value.version }));
}

/** The Party A step, prefilled from the account's profile. */
async function partyAStep(deps: SlackDeps, account: AccountRow, l: Locale, m: PartyAMeta) {
  const profile = await svc.partyAProfile(deps.ctx.db, account.id);
  return partyAView(l, account.verifiedSubject, profile ?? {}, m, account.vendor);
}
