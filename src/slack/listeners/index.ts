// Every listener, registered in one place: commands, buttons, type-ahead, events, and the modal submissions of each
// flow (one file per flow).
import type { SlackDeps } from '../context.js';
import type { ActionRouter, CommandRouter, EventRouter, OptionsRouter, ViewRouter } from '../routes.js';
import { registerActions } from './actions.js';
import { registerApprovals } from './approvals.js';
import { registerCommands } from './commands.js';
import { registerDownloads } from './downloads.js';
import { registerEvents } from './events.js';
import { registerImport } from './import.js';
import { registerInstallationEvents } from './installation.js';
import { registerOptions } from './options.js';
import { registerPaper } from './paper.js';
import { registerPaperFacts } from './paper-facts.js';
import { registerPartyA } from './party-a.js';
import { registerPrerequisites } from './prerequisites.js';
import { registerRecord } from './record.js';
import { registerSettings } from './settings.js';
import { registerSetup } from './setup.js';
import { registerSigners } from './signers.js';
import { registerWizard } from './wizard.js';

export { unknownView } from './submission.js';

/** Modal submissions, by callback id, one registration per flow. */
export function registerViews(router: ViewRouter, deps: SlackDeps): void {
  registerWizard(router, deps);
  registerPartyA(router, deps);
  registerSigners(router, deps);
  registerPaper(router, deps);
  registerPaperFacts(router, deps);
  registerSettings(router, deps);
}

export interface Routers {
  commands: CommandRouter;
  actions: ActionRouter;
  views: ViewRouter;
  options: OptionsRouter;
  events: EventRouter;
}

export function registerListeners(routers: Routers, deps: SlackDeps): void {
  registerCommands(routers.commands, deps);
  registerViews(routers.views, deps);
  registerActions(routers.actions, deps);
  registerApprovals({ ...routers.actions, ...routers.views }, deps);
  registerPrerequisites({ ...routers.actions, ...routers.views }, deps);
  registerImport({ ...routers.actions, ...routers.views }, deps);
  registerSetup({ ...routers.actions, ...routers.views }, deps);
  registerDownloads(routers.actions, deps);
  registerRecord(routers.actions, deps);
  registerOptions(routers.options, deps);
  registerEvents(routers.events, deps);
  registerInstallationEvents(routers.events, deps);
}
