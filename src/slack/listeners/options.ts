// Type-ahead for the item picker: accounts have hundreds of orders, a static select holds 100.
import type { BlockSuggestion } from '@slack/bolt';
import { searchItems } from '../../services/queries.js';
import { accountForTeam, localeOf, type SlackDeps } from '../context.js';
import { BLOCK } from '../ids.js';
import { ItemsMeta, parseMeta } from '../payloads.js';
import type { OptionsRouter } from '../routes.js';
import { itemOptions } from '../views/items.js';

const MAX_OPTIONS = 100;

export function registerOptions(app: OptionsRouter, deps: SlackDeps): void {
  app.options(BLOCK.items, async ({ ack, body, client }) => {
    const b: BlockSuggestion = body;
    const account = await accountForTeam(deps, b.team?.id ?? b.user.team_id);
    const meta = parseMeta(ItemsMeta, b.view?.private_metadata);
    if (!account || !meta) return ack({ options: [] });
    const l = await localeOf(deps, client, account, b.user.id);
    const found = await searchItems(deps.ctx.db, account.id, meta.kind, b.value ?? '', MAX_OPTIONS);
    await ack(itemOptions(found, meta.kind, l));
  });
}
