// One workspace (Slack team) of the emulator: its people, conversations, modals and Home tabs, the channels whose
// membership matters, and what its people do, sent to the app as payloads of this workspace.
import type { EventEmitter } from 'node:events';
import type { AppLink } from './app-link.js';
import type { FileInputs } from './file-input.js';
import type { Ledger } from './ledger.js';
import { Membership } from './membership.js';
import type { EmuTeamSnapshot, EmuUser, Host, TeamInfo, TeamOptions } from './types.js';
import { UserActions } from './user-actions.js';
import { ViewState } from './views.js';
import { type Stamps, Workspace } from './workspace.js';

export interface TeamShared {
  host: Host;
  ledger: Ledger;
  link: AppLink;
  files: FileInputs;
  events: EventEmitter;
  stamps: Stamps;
  triggerTtlMs: number;
  now: () => number;
}

export class Team {
  readonly info: TeamInfo;
  readonly ws: Workspace;
  readonly views: ViewState;
  readonly membership = new Membership();
  readonly actions: UserActions;
  /** The app is installed here (it has a bot token that works). */
  installed = false;

  constructor(o: TeamOptions, shared: TeamShared) {
    // Slack-like ids of the app's bot user and bot in this workspace, distinct per workspace.
    const suffix = o.id.replace(/^T/, '');
    this.info = {
      id: o.id,
      name: o.name ?? o.id,
      domain: o.domain ?? o.id.toLowerCase(),
      ...(o.enterpriseId ? { enterpriseId: o.enterpriseId, enterpriseName: o.enterpriseName ?? o.enterpriseId } : {}),
      botUserId: o.botUserId ?? `UB${suffix}`,
      botId: `BB${suffix}`,
    };
    this.ws = new Workspace(o.id, shared.events, shared.stamps);
    this.views = new ViewState(this.info, this.ws, shared.ledger, shared.triggerTtlMs, shared.now);
    this.actions = new UserActions(shared.host, this.info, this.ws, this.views, shared.ledger, shared.link, shared.files);
    for (const u of o.users ?? []) this.addUser(u);
  }

  get id(): string {
    return this.info.id;
  }

  /** A member of this workspace (a copy: the same person may be given to several workspaces). */
  addUser(u: EmuUser): void {
    this.ws.users.set(u.id, { ...u });
  }

  snapshot(): EmuTeamSnapshot {
    return { ...this.ws.snapshot(), homes: [...this.views.homes] };
  }

  restore(s: Pick<EmuTeamSnapshot, 'channels' | 'ephemerals' | 'homes'>): void {
    this.ws.restore(s);
    this.views.homes.clear();
    for (const [k, v] of s.homes) this.views.homes.set(k, v);
  }
}
