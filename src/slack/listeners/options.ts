// Type-ahead for the item picker: accounts have hundreds of orders, a static select holds 100.
import type { App, BlockSuggestion } from '@slack/bolt';
import { formatCents, ORDER_TYPE_LABEL } from '../../domain/labels.js';
import type { OrderType } from '../../domain/types.js';
import { searchItems } from '../../services/queries.js';
import { accountForTeam, localeOf, type SlackDeps } from '../context.js';
import { clip, pick, t } from '../i18n.js';
import { option, plain } from '../views/blocks.js';
import { ItemsMeta, parseMeta } from '../payloads.js';
import { BLOCK } from '../views/wizard.js';

const MAX_OPTIONS = 100;

export function registerOptions(app: App, deps: SlackDeps): void {
  app.options(BLOCK.items, async ({ ack, body, client }) => {
    const b: BlockSuggestion = body;
    const account = await accountForTeam(deps, b.team?.id ?? b.user.team_id);
    const meta = parseMeta(ItemsMeta, b.view?.private_metadata);
    if (!account || !meta) return ack({ options: [] });
    const l = await localeOf(deps, client, account, b.user.id);
    const found = await searchItems(deps.ctx.db, account.id, meta.kind, b.value ?? '', MAX_OPTIONS);
    const label = (c: (typeof found)[number]) => {
      const type = c.type ? pick(ORDER_TYPE_LABEL[c.type as OrderType], l) : c.detail;
      const amount = c.amountCents !== null ? ` ${formatCents(c.amountCents)}` : '';
      const why = c.reason ? ` ⛔ ${c.reason.message[l]}` : '';
      return clip(`${c.id} · ${type}${amount} · ${c.createdOn}${why}`, 75);
    };
    const eligible = found.filter((c) => !c.reason).map((c) => option(label(c), c.id));
    // Ineligible items are shown with their reason, not hidden; choosing one is refused with that reason.
    const blocked = found.filter((c) => c.reason).map((c) => option(label(c), c.id));
    const groups = [
      ...(eligible.length ? [{ label: plain(t('eligible', l)), options: eligible }] : []),
      ...(blocked.length ? [{ label: plain(t('notEligible', l)), options: blocked }] : []),
    ];
    await ack({ option_groups: groups });
  });
}
