// Buttons: the status table's actions, wizard steps, the signer's Sign, signer authorisation (Approve and Reject are
// in approvals.ts).
import type { BlockAction, RespondFn } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { domainError, type Messages, type Result } from '../../domain/errors.js';
import { approvalPolicyOf, needsApproval } from '../../domain/rules.js';
import type { Actor } from '../../domain/types.js';
import { DEFAULT_VENDOR } from '../../domain/vendors.js';
import type { ContractRow } from '../../services/index.js';
import * as svc from '../../services/index.js';
import { refusalText, type SlackDeps } from '../context.js';
import { type Locale, t } from '../i18n.js';
import { ACTION, DRAFT_SAVED_CB, RECORD_CB } from '../ids.js';
import type { ActionRouter } from '../routes.js';
import { refusalOf, reportRefusal, showView } from '../view-refused.js';
import { signerRequestView } from '../views/admin.js';
import { actionAnswer } from '../views/answers.js';
import { signedText, signRequestMessage } from '../views/contract.js';
import { draftSavedView } from '../views/draft-saved.js';
import { confirmTextView, doneView, loadingView, mailingView, paperView, partyAView, signingView, startView } from '../views/wizard.js';
import { clickContext } from './clicks.js';
import { recordAgain } from './record.js';

/** The same answer in both languages, so one queued while Slack is down can still be read in the person's own. */
const both = (say: (l: Locale) => string): Messages => ({ zh: say('zh'), en: say('en') });

const SIMPLE_NAMES = ['convert', 'void', 'delete', 'cancelSigning', 'resend'] as const;
type Simple = (typeof SIMPLE_NAMES)[number];
const SIMPLE: Record<Simple, (ctx: SlackDeps['ctx'], actor: Actor, id: string, o: { expectedVersion: number }) => Promise<Result<ContractRow>>> = {
  convert: svc.convert,
  void: svc.voidContract,
  delete: svc.deleteContract,
  cancelSigning: svc.cancelSigning,
  resend: svc.resend,
};

export function registerActions(app: ActionRouter, deps: SlackDeps): void {
  const ctx = deps.ctx;

  const setup = (body: BlockAction, client: WebClient, respond?: RespondFn) => clickContext(deps, body, client, respond);

  app.action(ACTION.homeNew, async ({ ack, body, client, respond }) => {
    await ack();
    const { l, open, account } = await setup(body, client, respond);
    // No account: the workspace is not set up yet, and the view's words cannot be anyone's but the default vendor's.
    await open(startView(l, account?.vendor ?? DEFAULT_VENDOR, deps.templateUrl));
  });

  app.action(new RegExp(`^act:(${SIMPLE_NAMES.join('|')})$`), async ({ ack, body, client, respond }) => {
    await ack();
    const { account, l, action, ref, tell, actor } = await setup(body, client, respond);
    if (!account || !actor || !ref) return;
    const name = SIMPLE_NAMES.find((n) => action.action_id === `act:${n}`);
    if (!name) return;
    const r = await SIMPLE[name](ctx, actor, ref.id, { expectedVersion: ref.version });
    if (!r.ok)
      return tell(
        refusalText(r.error, l),
        both((x) => refusalText(r.error, x)),
      );
    // What really happened (R15's 转为正式合同成功, an approval first, a seal still to come), not the button's name.
    const done = (x: Locale) => actionAnswer(name, r.value, x, deps.timeScale);
    await tell(done(l), both(done));
    // A click in a modal also changes the modal: the record shows the contract as it is now, the draft just saved
    // says what converting it did (QingCloud's guide: 转为正式合同成功) and offers the formal contract.
    const modal = body.view?.type === 'modal' ? body.view : undefined;
    if (modal?.id) {
      const next =
        modal.callback_id === RECORD_CB
          ? await recordAgain(deps, client, account, body.user.id, l, modal.private_metadata)
          : modal.callback_id === DRAFT_SAVED_CB
            ? draftSavedView(l, r.value, done(l), { policy: approvalPolicyOf(account) })
            : null;
      if (next) await client.views.update({ view_id: modal.id, view: next }).catch((e: unknown) => deps.log.warn({ err: e }, 'modal not refreshed'));
    }
    // The outbox posts the change and republishes the requester's Home with it (one publish, not two).
    void deps.deliverNow(r.value.id);
  });

  // Actions that need more input open a modal. The trigger lives 3 s and the data may take longer (the draft PDF,
  // Slack's users.info), so a loading modal opens first and is replaced, guarded by its hash, once the data is in.
  app.action(/^(act:requestPaper|act:viewMailing|step:fillPartyA|step:confirmText|step:confirmSigningInfo)$/, async ({ ack, body, client, respond }) => {
    await ack();
    const b = body;
    const opening = await client.views.open({ trigger_id: b.trigger_id, view: loadingView() }).then(
      (opened) => ({ opened }),
      (e: unknown) => ({ refused: refusalOf('views.open', e) }),
    );
    const { account, l, action, ref, actor, tell } = await setup(b, client, respond);
    if ('refused' in opening) return reportRefusal(opening.refused, { l, log: deps.log, tell });
    const { opened } = opening;
    const show = async (view: View): Promise<void> => {
      try {
        await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view });
      } catch (e) {
        await reportRefusal(refusalOf('views.update', e), { l, log: deps.log, tell });
        // The loading modal must not stay up forever: it says the same, in a view Slack has taken before.
        await client.views.update({ view_id: opened.view!.id!, view: doneView(l, t('viewRefused', l)) }).catch(() => undefined);
      }
    };
    if (!account || !actor || !ref) return show(doneView('en', t('unknownWorkspace', 'en')));
    const c = await svc.getContract(ctx.db, account.id, ref.id);
    if (!c) return show(doneView(l, t('notFound', l, { number: '' })));
    if (c.version !== ref.version) return show(doneView(l, refusalText(domainError('STALE_VERSION'), l)));
    switch (action.action_id) {
      case 'act:requestPaper':
        return show(paperView(l, c));
      case 'act:viewMailing': {
        const m = await svc.mailingInfo(ctx, actor, c.id);
        return show(
          m.ok
            ? mailingView(l, c.number, m.value, { contractId: c.id, version: c.version, vendorAddress: account.vendorPaperAddress })
            : doneView(l, refusalText(m.error, l)),
        );
      }
      case 'step:fillPartyA': {
        const profile = await svc.partyAProfile(ctx.db, account.id);
        return show(partyAView(l, account.verifiedSubject, profile ?? {}, { mode: 'fill', contractId: c.id, version: c.version }, account.vendor));
      }
      case 'step:confirmText':
        return show(confirmTextView(l, c, deps.documentUrl(c.id, 'draft')));
      default:
        return show(
          signingView(l, c, account.subjectType === 'personal', await svc.authorisedSigners(ctx.db, account.id), {
            approvalFirst: needsApproval(approvalPolicyOf(account), c),
            pending: await svc.pendingSigners(ctx.db, account.id),
          }),
        );
    }
  });

  // The Sign button stands in for the e-sign app the SMS links to: only the contract's signer may use it.
  app.action(ACTION.sign, async ({ ack, body, client, respond }) => {
    await ack();
    const b = body;
    const { account, l, ref, channel, tell } = await setup(b, client, respond);
    if (!account || !ref) return;
    const r = await svc.signAsSigner(ctx, deps.esign, { accountId: account.id, contractId: ref.id, version: ref.version, slackUserId: b.user.id });
    if (!r.ok) {
      if (r.refusal === 'notFound') return tell(t('notFound', l, { number: '' }));
      return tell(r.refusal === 'notTheSigner' ? `⚠️ ${t('notTheSigner', l)}` : refusalText(r.error, l));
    }
    await deps.pollNow(r.value.id);
    const after = await svc.getContract(ctx.db, account.id, r.value.id);
    if (channel && b.message && after)
      await client.chat.update({ channel, ts: b.message.ts, text: signedText(l, deps.timeScale), blocks: signRequestMessage(after, l, true, deps.timeScale) });
    void deps.deliverNow(r.value.id);
  });

  app.action(/^signer:(authorise|reject)$/, async ({ ack, body, client, respond }) => {
    await ack();
    const b = body;
    const { account, l, action, tell, actor } = await setup(b, client, respond);
    if (!account || !actor) return;
    const decision = action.action_id === ACTION.signerAuthorise ? 'authorise' : 'reject';
    const r = await svc.decideSigner(ctx, actor, account.id, action.value ?? '', decision);
    if (!r.ok) return tell(refusalText(r.error, l));
    // Every administrator's copy is closed by the outbox (the signer.decided row), as approvers' copies are.
    void deps.deliverNow();
  });

  app.action(ACTION.outboxRetry, async ({ ack, body, client, respond }) => {
    await ack();
    const { account, l, tell, actor } = await setup(body, client, respond);
    if (!account || !actor) return;
    const r = await svc.retryHeldNotifications(ctx, actor, account.id);
    await tell(r.ok ? t('retrying', l) : refusalText(r.error, l));
    void deps.deliverNow();
  });

  app.action(ACTION.addSigner, async ({ ack, body, client, respond }) => {
    await ack();
    const { l, open, ref, tell } = await setup(body, client, respond);
    // From the signing step (a modal): the request is pushed over it and, once sent, the step shows the signer pending.
    const from = body.view?.type === 'modal' && body.view.id && ref ? { signingViewId: body.view.id, contractId: ref.id, version: ref.version } : null;
    if (!from) return open(signerRequestView(l));
    await showView('views.push', () => client.views.push({ trigger_id: body.trigger_id, view: signerRequestView(l, from) }), { l, log: deps.log, tell });
  });
}
