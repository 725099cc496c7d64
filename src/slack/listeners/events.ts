// Events: the Home tab opened (publish it), a person's profile changed (forget their cached language).
import type { EventRouter } from '../routes.js';
import { accountForTeam, publishHome, type SlackDeps } from '../context.js';

export function registerEvents(app: EventRouter, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const account = await accountForTeam(deps, (body as { team_id?: string }).team_id);
    if (account) await publishHome(deps, client, account, event.user);
  });
  app.event('user_change', async ({ event }) => {
    deps.locales.forget((event as { user: { id: string } }).user.id);
  });
}
