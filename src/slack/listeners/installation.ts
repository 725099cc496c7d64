// Slack telling the app it was removed: app_uninstalled, or tokens_revoked with the bot's token among them. Bolt runs
// these without authorizing (the tokens are already gone); the tokens are deleted and the workspace gets no call until
// it installs the app again. Its account, contracts and audit trail stay.
import type { SlackDeps } from '../context.js';
import type { EventRouter } from '../routes.js';

export function registerInstallationEvents(app: EventRouter, deps: SlackDeps): void {
  const teamOf = (body: unknown) => (body as { team_id?: string }).team_id;
  app.event('app_uninstalled', async ({ body }) => {
    const team = teamOf(body);
    if (team) await deps.workspaceGone?.(team, 'app_uninstalled');
  });
  app.event('tokens_revoked', async ({ event, body }) => {
    const team = teamOf(body);
    // Only the bot's token matters: the app keeps no user token.
    const bots = (event as { tokens?: { bot?: string[] } }).tokens?.bot ?? [];
    if (team && bots.length) await deps.workspaceGone?.(team, 'tokens_revoked');
  });
}
