// 合同申请记录: opened from the Home tab or /contract record by anyone with a role in the account; filters and pages
// update the same modal. The FAQ of Tencent's paper guide opens from Home and /contract help.
import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Vendor } from '../../domain/vendors.js';
/** All the record needs of an account. */
type AccountRow = { id: string; slackTeamId: string; vendor: Vendor; approvalKinds: string[]; approvalMinTotalCents: number | null };
import { approvalPolicyOf } from '../../domain/rules.js';
import type { Kind, Status } from '../../domain/types.js';
import { rolesOf } from '../../services/access.js';
import { itemRefsOf, peopleNames } from '../../services/queries.js';
import { hasAccountRole, recordPage } from '../../services/record-page.js';
import { accountAndLocale, answerOnHome, isHomeClick, type SlackDeps, tellClicker } from '../context.js';
import type { Locale } from '../i18n.js';
import { ACTION } from '../ids.js';
import { parseMeta, RecordMeta } from '../payloads.js';
import type { ActionRouter } from '../routes.js';
import { showView } from '../view-refused.js';
import { faqView } from '../views/paper.js';
import { filterValue, type RecordState, recordView } from '../views/record.js';

const NO_ROLE = {
  zh: '合同申请记录仅对本账号的申请人、审批人、管理员和签署人开放。',
  en: "The contract record is for the account's requesters, approvers, admins and signers.",
} as const;

/** The record's filters and page as the modal kept them (or a click just changed them), checked. */
const recordState = (m: unknown): RecordState => RecordMeta.parse(m ?? {});

/** The record's view for this person, or null when they have no role in the account. */
export async function recordFor(deps: SlackDeps, client: WebClient, account: AccountRow, userId: string, l: Locale, s: RecordState) {
  if (!(await hasAccountRole(deps.ctx.db, account.id, userId))) return null;
  const d = await recordPage(deps.ctx.db, account.id, s, s.page);
  const roles = await rolesOf(deps.ctx.db, account.id, userId);
  const names = await requesterNames(deps, client, account, d.requesters, l);
  const items = await itemRefsOf(
    deps.ctx.db,
    d.rows.filter((c) => c.kind === 'filing').map((c) => c.id),
  );
  return recordView(l, s, { ...d, names, items }, account.vendor, { policy: approvalPolicyOf(account), viewer: { userId, isAdmin: roles.isAdmin } });
}

/** The names the requester filter shows: the account's own (members, signers), else the one Slack shows. */
async function requesterNames(
  deps: SlackDeps,
  client: WebClient,
  account: { id: string; slackTeamId: string },
  ids: string[],
  l: Locale,
): Promise<Record<string, string>> {
  const known = await peopleNames(deps.ctx.db, account.id);
  const out: Record<string, string> = {};
  // users.info answers from the cache after the first look; a few at a time, as a person's click is waiting.
  for (let i = 0; i < ids.length; i += 8) {
    await Promise.all(
      ids.slice(i, i + 8).map(async (u) => {
        const name = known.get(u) ?? (await deps.locales.name(client, account.slackTeamId, u, l));
        if (name) out[u] = name;
      }),
    );
  }
  return out;
}

export const noRoleText = (l: Locale) => NO_ROLE[l];

/** The record as the open modal had it (filters, page), read again: after a click in it changed a contract. */
export const recordAgain = (deps: SlackDeps, client: WebClient, account: AccountRow, userId: string, l: Locale, privateMetadata: string | undefined) =>
  recordFor(deps, client, account, userId, l, recordState(parseMeta(RecordMeta, privateMetadata)));

export function registerRecord(app: ActionRouter, deps: SlackDeps): void {
  async function setup(body: BlockAction, client: WebClient) {
    const { account, l } = await accountAndLocale(deps, client, body);
    const tell = async (text: string) => {
      if (account && isHomeClick(body)) await answerOnHome(deps, client, account, body.user.id, text);
      await tellClicker(client, body.user.id, text, body.channel?.id);
    };
    return { account, l, tell };
  }

  app.action(ACTION.homeRecord, async ({ ack, body, client }) => {
    await ack();
    const b = body;
    const { account, l, tell } = await setup(b, client);
    if (!account) return;
    const view = await recordFor(deps, client, account, b.user.id, l, { page: 0 });
    if (!view) return tell(noRoleText(l));
    // From a modal (QingCloud's guide's 返回合同管理 on the draft just saved): the record replaces it.
    const modalId = b.view?.type === 'modal' ? b.view.id : undefined;
    if (modalId) return void (await showView('views.update', () => client.views.update({ view_id: modalId, view: view }), { l, log: deps.log, tell }));
    await showView('views.open', () => client.views.open({ trigger_id: b.trigger_id, view: view }), { l, log: deps.log, tell });
  });

  app.action(ACTION.faq, async ({ ack, body, client }) => {
    await ack();
    const b = body;
    const { account, l, tell } = await setup(b, client);
    const view = faqView(l, account?.vendor);
    await showView('views.open', () => client.views.open({ trigger_id: b.trigger_id, view: view }), { l, log: deps.log, tell });
  });

  app.action(/^record:(kind|status|requester|prev|next)$/, async ({ ack, body, client }) => {
    await ack();
    const b = body;
    const { account, l, tell } = await setup(b, client);
    if (!account || !b.view?.id) return;
    const action = b.actions[0]!;
    const s = recordState(parseMeta(RecordMeta, b.view.private_metadata));
    const picked = filterValue((action as StaticSelectAction).selected_option?.value);
    let next: RecordState;
    switch (action.action_id) {
      case ACTION.recordKind:
        next = { ...s, kind: picked as Kind | undefined, page: 0 };
        break;
      case ACTION.recordStatus:
        next = { ...s, status: picked as Status | undefined, page: 0 };
        break;
      case ACTION.recordRequester:
        next = { ...s, requesterId: picked, page: 0 };
        break;
      default:
        next = { ...s, page: Number((action as ButtonAction).value) || 0 };
    }
    const view = await recordFor(deps, client, account, b.user.id, l, recordState(next));
    if (!view) return tell(noRoleText(l));
    await showView('views.update', () => client.views.update({ view_id: b.view!.id, view: view }), { l, log: deps.log, tell });
  });
}
