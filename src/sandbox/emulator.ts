// A Slack stand-in on loopback: many workspaces, each with its people, channels, DMs, modals and Home tabs; tokens
// issued to the app per workspace (by a bot token given at start or by an OAuth install), each Web API call acting in
// its token's workspace; refuses what real Slack would refuse, and sends signed requests to the app as a given user.
// This class is the face tests and the sandbox use; the work is done by the parts under ./emulator/. Its reading and
// acting methods (messages, command, clickAction…) speak for the workspace chosen with use() — the first one until then.
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppLink } from './emulator/app-link.js';
import { Faults } from './emulator/faults.js';
import { FileInputs } from './emulator/file-input.js';
import { Ledger } from './emulator/ledger.js';
import { OAuth } from './emulator/oauth.js';
import { RateLimits } from './emulator/rate-limits.js';
import { handles, route } from './emulator/routes.js';
import { Team } from './emulator/team.js';
import { Tokens } from './emulator/tokens.js';
import type { AppResponse, EmuEphemeral, EmulatorOptions, EmuMessage, EmuSnapshot, EmuView, Json, TeamOptions, Transport } from './emulator/types.js';
import type { SuggestedOption, Surface } from './emulator/user-actions.js';
import { Stamps } from './emulator/workspace.js';
import type { SocketModeLink } from './socket-mode.js';

export type { EmuCall } from './emulator/ledger.js';
export { OAuthError } from './emulator/oauth.js';
export type { Team } from './emulator/team.js';
export type {
  AppResponse,
  EmuChange,
  EmuEphemeral,
  EmuMessage,
  EmuSnapshot,
  EmuUser,
  EmuView,
  EmulatorOptions,
  OAuthAppOptions,
  TeamOptions,
  Transport,
} from './emulator/types.js';
export { APP_ID, SlackApiError } from './emulator/types.js';

const TRIGGER_TTL_MS = 3_000;

export class SlackEmulator {
  url = '';
  private readonly ledger = new Ledger();
  private readonly faults = new Faults(this.ledger);
  /** Slack's rate limits (see the switches in emulator/rate-limits.ts); `nonMarketplace` is the history/replies switch. */
  readonly rateLimits: RateLimits;
  private readonly link: AppLink;
  private readonly stamps = new Stamps();
  private readonly tokens = new Tokens();
  private readonly teamsById = new Map<string, Team>();
  private readonly oauthSide: OAuth;
  private current: Team;
  /** Files people attach to modals' file inputs, their file objects, files.info and the token-checked downloads. */
  readonly fileInputs: FileInputs;
  private server: Server | null = null;
  private readonly triggerTtlMs: number;
  private readonly now: () => number;

  /** Emits 'change' (EmuChange, with its workspace) after every change of what a person would see. */
  readonly events = new EventEmitter();
  /** Every payload the app sent that real Slack would have refused, with the reason. */
  readonly violations = this.ledger.violations;
  /** Messages whose text Slack would take but advises against (over 4,000 characters): worth a look, not a refusal. */
  readonly advice = this.ledger.advice;
  /** Every Web API call, with the workspace and the token it came with. */
  readonly calls = this.ledger.calls;
  /** Fail the next calls of these methods with this error (tests of error paths). */
  readonly failures = this.faults.failures;
  /** The next calls of these methods do their work and then lose the answer (a 500, or none): see Faults. */
  readonly lostAnswers = this.faults.lostAnswers;
  readonly transport: Transport;
  /** Slack's side of Socket Mode: tickets, the WebSocket, envelopes and acks. */
  readonly socketMode: SocketModeLink;

  constructor(opts: EmulatorOptions) {
    this.triggerTtlMs = opts.triggerTtlMs ?? TRIGGER_TTL_MS;
    this.now = opts.now ?? Date.now;
    this.rateLimits = new RateLimits(opts.rateLimits);
    this.link = new AppLink(opts.transport ?? 'http', opts.appToken);
    // A download of a file (url_private) answers only a bot token of the file's own workspace.
    this.fileInputs = new FileInputs(this, (token, teamId) => {
      const who = this.tokens.check(token);
      return !('error' in who) && who.team === teamId;
    });
    this.transport = this.link.transport;
    this.socketMode = this.link.socketMode;
    this.oauthSide = new OAuth(opts.oauth, {
      team: (id) => this.teamsById.get(id),
      teams: () => [...this.teamsById.values()],
      tokens: this.tokens,
      installed: (team) => void (team.installed = true),
    });
    this.current = this.createTeam({
      id: opts.teamId,
      ...(opts.teamName ? { name: opts.teamName } : {}),
      ...(opts.users ? { users: opts.users } : {}),
      ...(opts.botToken ? { botToken: opts.botToken } : {}),
      botUserId: opts.botUserId ?? 'U0BOTUSER1',
    }).team;
  }

  // ---------------------------------------------------------------- workspaces and tokens

  /**
   * A new workspace with its people. The app is installed there with a bot token (given, or made: it is returned)
   * unless `botToken` is null: then it waits for an OAuth install.
   */
  createTeam(o: TeamOptions): { team: Team; botToken: string | null } {
    if (this.teamsById.has(o.id)) throw new Error(`workspace ${o.id} exists`);
    const team = new Team(o, {
      host: this,
      ledger: this.ledger,
      link: this.link,
      files: this.fileInputs,
      events: this.events,
      stamps: this.stamps,
      triggerTtlMs: this.triggerTtlMs,
      now: this.now,
    });
    this.teamsById.set(team.id, team);
    let botToken: string | null = null;
    if (o.botToken !== null) {
      botToken = this.tokens.issue(team.id, o.botToken ? { token: o.botToken } : {}).accessToken;
      team.installed = true;
    }
    return { team, botToken };
  }

  /** The workspace the reading and acting methods speak for from now on. */
  use(teamId: string): this {
    const t = this.teamsById.get(teamId);
    if (!t) throw new Error(`no workspace ${teamId}`);
    this.current = t;
    return this;
  }

  team(teamId: string): Team {
    const t = this.teamsById.get(teamId);
    if (!t) throw new Error(`no workspace ${teamId}`);
    return t;
  }

  teams(): Team[] {
    return [...this.teamsById.values()];
  }

  /** The workspace the reading and acting methods speak for. */
  get teamId(): string {
    return this.current.id;
  }

  /** The app's bot user in that workspace. */
  get botUserId(): string {
    return this.current.info.botUserId;
  }

  /** A bot token of the app that works in the workspace, if it is installed there (without token rotation). */
  botToken(teamId = this.current.id): string | undefined {
    return this.tokens.liveToken(teamId);
  }

  /** The app's OAuth side: approve or cancel an install (the authorize page, for tests), and the app's credentials. */
  get oauth(): OAuth {
    return this.oauthSide;
  }

  /**
   * The workspace removes the app: every token of it stops working (a bot token then answers account_inactive), and
   * the app is told as Slack tells it: tokens_revoked and app_uninstalled (whose order Slack does not guarantee).
   */
  async uninstall(teamId: string): Promise<AppResponse[]> {
    const team = this.team(teamId);
    this.tokens.revokeTeam(teamId, 'account_inactive');
    team.installed = false;
    return [await team.actions.event({ type: 'app_uninstalled' }), await this.tokensRevokedEvent(team)];
  }

  /** The workspace's tokens are revoked (an admin, or auth.revoke): they answer token_revoked; the app hears tokens_revoked. */
  async revokeTokens(teamId: string): Promise<AppResponse> {
    const team = this.team(teamId);
    this.tokens.revokeTeam(teamId, 'token_revoked');
    return this.tokensRevokedEvent(team);
  }

  /** As if a rotating token's twelve hours were up: it answers token_expired from now on. */
  expireToken(token: string): void {
    this.tokens.expire(token);
  }

  private tokensRevokedEvent(team: Team): Promise<AppResponse> {
    return team.actions.event({ type: 'tokens_revoked', tokens: { oauth: [], bot: [team.info.botUserId] } });
  }

  /** auth.revoke: the token stops working; once none of the installation's is left, the app is uninstalled (Slack's rule). */
  private revoke(token: string): void {
    const who = this.tokens.check(token);
    this.tokens.revoke(token, 'token_revoked');
    if ('error' in who || who.orgWide) return;
    const team = this.team(who.team);
    // Slack does not tell the revoking caller whether the app heard these events: one the app does not take (it is
    // down, over HTTP) is dropped, as Slack drops one after its retries.
    void this.tokensRevokedEvent(team).catch(() => undefined);
    if (!this.tokens.anyLive(team.id)) {
      team.installed = false;
      void team.actions.event({ type: 'app_uninstalled' }).catch(() => undefined);
    }
  }

  // ---------------------------------------------------------------- serving

  /** Until this time (ms since epoch) every Web API call fails with 503, as in a Slack outage. */
  get outageUntil(): number {
    return this.faults.outageUntil;
  }

  set outageUntil(ms: number) {
    this.faults.outageUntil = ms;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    this.server.on('upgrade', (req, socket, head) => this.socketMode.upgrade(req, socket, head));
    await new Promise<void>((r) => this.server!.listen(port, host, () => r()));
    this.url = `http://${host}:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.socketMode.close();
    this.faults.dropHanging();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
  }

  /** Serve from another server (the app's own port, in the sandbox): requests for `handles()` paths go to `handle`. */
  attach(url: string): void {
    this.url = url.replace(/\/$/, '');
  }

  /** The paths the emulator answers when it shares a server. */
  static handles(path: string): boolean {
    return handles(path);
  }

  /**
   * Never rejects: a request the emulator fails on (a body it cannot read or parse) is answered 500 `internal_error`,
   * as Slack answers its own failures, rather than left hanging as an unhandled rejection.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return route(
      {
        host: this,
        team: (id) => this.teamsById.get(id),
        teams: () => this.teams(),
        tokens: this.tokens,
        ledger: this.ledger,
        faults: this.faults,
        link: this.link,
        files: this.fileInputs,
        limits: this.rateLimits,
        oauth: this.oauthSide,
        revoke: (token) => this.revoke(token),
      },
      req,
      res,
    ).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: 'internal_error' }));
    });
  }

  /** Where the app listens and the secret it checks: the emulator signs every request it sends there. */
  connectApp(appUrl: string, signingSecret: string): void {
    this.link.connect(appUrl, signingSecret);
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  // ---------------------------------------------------------------- reading the state (of the workspace in use)

  get channels(): Map<string, EmuMessage[]> {
    return this.current.ws.channels;
  }

  get ephemerals(): EmuEphemeral[] {
    return this.current.ws.ephemerals;
  }

  /** Files uploaded through the v2 steps (getUploadURLExternal, the upload, completeUploadExternal). */
  get files(): Map<string, { name: string; bytes: Buffer | null }> {
    return this.current.ws.files;
  }

  get users() {
    return this.current.ws.users;
  }

  get views(): Map<string, EmuView> {
    return this.current.views.views;
  }

  get homes(): Map<string, Json> {
    return this.current.views.homes;
  }

  messages(channel: string): EmuMessage[] {
    return this.current.ws.messages(channel);
  }

  /** One message by channel and ts (indexed: a soak's channel holds thousands). */
  find(channel: string, ts: string): EmuMessage | undefined {
    return this.current.ws.find(channel, ts);
  }

  /** Top-level messages of a channel (thread roots and lone posts). */
  roots(channel: string): EmuMessage[] {
    return this.current.ws.roots(channel);
  }

  thread(channel: string, rootTs: string): EmuMessage[] {
    return this.current.ws.thread(channel, rootTs);
  }

  dmChannel(userId: string): string {
    return this.current.ws.dmChannel(userId);
  }

  /** The modal on top of a user's stack, if one is open. */
  openView(userId: string): EmuView | undefined {
    return this.current.views.openView(userId);
  }

  ephemeralsFor(userId: string): EmuEphemeral[] {
    return this.current.ws.ephemeralsFor(userId);
  }

  /** The user's open modals, bottom first (Slack keeps up to three). */
  viewStack(userId: string): EmuView[] {
    return this.current.views.viewStack(userId);
  }

  snapshot(): EmuSnapshot {
    return { seq: this.stamps.seq, clock: this.stamps.clock, teams: this.teams().map((t) => t.snapshot()) };
  }

  /**
   * What snapshot() wrote. A snapshot from before workspaces were kept apart holds one set of channels: each channel
   * goes to the workspace `ownerOf` names (default: the one in use), DMs and Home tabs to the one in use.
   */
  restore(s: EmuSnapshot, ownerOf: (channel: string) => string | undefined = () => undefined): void {
    this.stamps.seq = s.seq;
    this.stamps.clock = Math.max(this.stamps.clock, s.clock);
    if (s.teams) {
      for (const t of s.teams) this.teamsById.get(t.id)?.restore(t);
      return;
    }
    const byTeam = new Map<Team, [string, EmuMessage[]][]>();
    for (const [channel, list] of s.channels ?? []) {
      const team = this.teamsById.get(ownerOf(channel) ?? '') ?? this.current;
      byTeam.set(team, [...(byTeam.get(team) ?? []), [channel, list]]);
    }
    for (const team of this.teams()) {
      const mine = team === this.current;
      team.restore({ channels: byTeam.get(team) ?? [], ephemerals: mine ? (s.ephemerals ?? []) : [], homes: mine ? (s.homes ?? []) : [] });
    }
  }

  /** A person types a message that is not a command: it lands in the channel (or thread) like any message. */
  postAsUser(userId: string, channel: string, text: string, threadTs?: string): EmuMessage {
    const ws = this.current.ws;
    return ws.post({ channel, ts: ws.nextTs(), text, edits: 0, user: userId, at: Date.now(), ...(threadTs ? { threadTs } : {}) });
  }

  // ---------------------------------------------------------------- membership (the faults a channel plays)

  /**
   * A channel whose membership matters, as Slack has it: a bot with chat:write.public may post into a public channel
   * it is not in, but not read it (conversations.history/replies) or share files there: not_in_channel. A private
   * channel it is not in does not exist for it: channel_not_found for everything, joining included.
   */
  addChannel(id: string, o: { name?: string; isPrivate?: boolean; botMember?: boolean; archived?: boolean } = {}): void {
    this.current.membership.add(id, o);
  }

  /** What /invite @app does. */
  inviteBot(id: string): void {
    this.current.membership.invite(id);
  }

  isBotMember(id: string): boolean {
    return this.current.membership.isBotMember(id);
  }

  // ---------------------------------------------------------------- sending to the app, signed, as a user

  /** A slash command typed by a user in a channel. */
  command(userId: string, text: string, opts: { command?: string; channel?: string } = {}): Promise<AppResponse> {
    return this.current.actions.command(userId, text, opts);
  }

  /** A button (or select) in a message, the App Home or an open modal. */
  clickAction(userId: string, where: Surface, action: { actionId: string; value?: string; blockId?: string; selectedOption?: string }): Promise<AppResponse> {
    return this.current.actions.clickAction(userId, where, action);
  }

  /** Type-ahead in an external select of the open modal: the app answers with options. */
  suggest(userId: string, actionId: string, value: string): Promise<SuggestedOption[]> {
    return this.current.actions.suggest(userId, actionId, value);
  }

  /**
   * Submits the user's open modal with values keyed by action_id (string, string[] for multi-selects).
   * Applies the app's response_action to the view stack, as Slack does, and returns the response.
   */
  submitView(userId: string, values: Record<string, string | string[] | undefined>): Promise<AppResponse & { errors?: Record<string, string> }> {
    return this.current.actions.submitView(userId, values);
  }

  /**
   * Sends a view_submission for a view the test builds itself (hostile metadata, values of any shape), without a
   * modal open on the stack: what a forged or replayed-from-elsewhere submission looks like to the app.
   */
  submitCrafted(userId: string, view: Json): Promise<AppResponse> {
    return this.current.actions.submitCrafted(userId, view);
  }

  /**
   * The user picks a file in the open modal's file input (the Slack client's checks apply: the element's filetypes and
   * max_files, 10 MB); the next submit carries its file object. `replace` picks it instead of the files already there.
   */
  attachFile(userId: string, actionId: string, file: { name: string; bytes: Uint8Array; mimetype?: string }, opts: { replace?: boolean } = {}): Json {
    const v = this.current.views.openView(userId);
    if (!v) throw new Error(`no open view for ${userId}`);
    return this.fileInputs.attach(this.current.id, v, actionId, file, opts);
  }

  /** The user closes the modal; a view opened with notify_on_close tells the app (view_closed), as Slack does. */
  closeView(userId: string): Promise<AppResponse> | null {
    return this.current.actions.closeView(userId);
  }

  /** The user presses Back in a pushed modal: Slack drops the top of the stack. */
  backView(userId: string): void {
    this.current.views.back(userId);
  }

  /** The user opens the App Home tab: Slack sends app_home_opened. */
  openHome(userId: string): Promise<AppResponse> {
    return this.current.actions.openHome(userId);
  }

  /** An Events API event of the workspace in use (user_change, …), wrapped as Slack wraps it. */
  sendEvent(event: Json): Promise<AppResponse> {
    return this.current.actions.event(event);
  }

  /** A workspace admin deactivates a member: users.info says deleted from now on, and the app hears user_change. */
  deactivateUser(userId: string): Promise<AppResponse> {
    const u = this.users.get(userId);
    if (!u) throw new Error(`no user ${userId}`);
    u.deleted = true;
    return this.current.actions.userChange(userId);
  }

  /** Sends a raw body with chosen headers (security tests). */
  raw(body: string, headers: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): Promise<AppResponse> {
    return this.link.raw(body, headers, contentType);
  }

  /** Tests of trigger expiry reach for this to hold a trigger_id without a click. */
  private issueTrigger(user: string): string {
    return this.current.views.issueTrigger(user);
  }
}
