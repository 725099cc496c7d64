// A Slack stand-in on loopback: answers the Web API methods the app calls, keeps channels, threads, views and
// home tabs, refuses what real Slack would refuse, and sends signed requests to the app as a given user.
// This class is the face tests and the sandbox use; the work is done by the parts under ./emulator/.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppLink } from './emulator/app-link.js';
import { Faults } from './emulator/faults.js';
import { FileInputs } from './emulator/file-input.js';
import { Ledger } from './emulator/ledger.js';
import { RateLimits } from './emulator/rate-limits.js';
import { handles, route } from './emulator/routes.js';
import type { AppResponse, EmuEphemeral, EmuMessage, EmuSnapshot, EmuView, EmulatorOptions, Json, Transport } from './emulator/types.js';
import { type SuggestedOption, type Surface, UserActions } from './emulator/user-actions.js';
import { ViewState } from './emulator/views.js';
import { Workspace } from './emulator/workspace.js';
import type { SocketModeLink } from './socket-mode.js';

export type { AppResponse, EmuChange, EmuEphemeral, EmuMessage, EmuSnapshot, EmuUser, EmuView, EmulatorOptions, Transport } from './emulator/types.js';
export { APP_ID, SlackApiError } from './emulator/types.js';

const TRIGGER_TTL_MS = 3_000;

export class SlackEmulator {
  /** The workspace the emulated users belong to; tests switch it to act in a fresh workspace. */
  teamId: string;
  readonly botUserId: string;
  url = '';
  private readonly workspace = new Workspace();
  private readonly ledger = new Ledger();
  private readonly faults = new Faults(this.workspace, this.ledger);
  /** Slack's rate limits (see the switches in emulator/rate-limits.ts); `nonMarketplace` is the history/replies switch. */
  readonly rateLimits: RateLimits;
  private readonly viewState: ViewState;
  private readonly link: AppLink;
  private readonly actions: UserActions;
  /** Files people attach to modals' file inputs, their file objects, files.info and the token-checked downloads. */
  readonly fileInputs: FileInputs;
  private server: Server | null = null;

  readonly channels = this.workspace.channels;
  readonly ephemerals = this.workspace.ephemerals;
  /** Files uploaded through the v2 steps (getUploadURLExternal, the upload, completeUploadExternal). */
  readonly files = this.workspace.files;
  readonly users = this.workspace.users;
  /** Emits 'change' (EmuChange) after every change of what a person would see. */
  readonly events = this.workspace.events;
  /** Every payload the app sent that real Slack would have refused, with the reason. */
  readonly violations = this.ledger.violations;
  /** Messages whose text Slack would take but advises against (over 4,000 characters): worth a look, not a refusal. */
  readonly advice = this.ledger.advice;
  readonly calls = this.ledger.calls;
  /** Fail the next calls of these methods with this error (tests of error paths). */
  readonly failures = this.faults.failures;
  /** The next calls of these methods do their work and then lose the answer (a 500, or none): see Faults. */
  readonly lostAnswers = this.faults.lostAnswers;
  readonly views: Map<string, EmuView>;
  readonly homes: Map<string, Json>;
  readonly transport: Transport;
  /** Slack's side of Socket Mode: tickets, the WebSocket, envelopes and acks. */
  readonly socketMode: SocketModeLink;

  constructor(opts: EmulatorOptions) {
    this.teamId = opts.teamId;
    this.botUserId = opts.botUserId ?? 'U0BOTUSER1';
    this.rateLimits = new RateLimits(opts.rateLimits);
    this.viewState = new ViewState(this, this.workspace, this.ledger, opts.triggerTtlMs ?? TRIGGER_TTL_MS, opts.now ?? Date.now);
    this.link = new AppLink(opts.transport ?? 'http', opts.appToken);
    const botToken = opts.botToken;
    this.fileInputs = new FileInputs(this, (token) => token.startsWith('xoxb-') && (!botToken || token === botToken));
    this.actions = new UserActions(this, this.workspace, this.viewState, this.ledger, this.link, this.fileInputs);
    this.views = this.viewState.views;
    this.homes = this.viewState.homes;
    this.transport = this.link.transport;
    this.socketMode = this.link.socketMode;
    for (const u of opts.users ?? []) this.users.set(u.id, u);
  }

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

  handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parts = {
      host: this,
      ws: this.workspace,
      views: this.viewState,
      ledger: this.ledger,
      faults: this.faults,
      link: this.link,
      files: this.fileInputs,
      limits: this.rateLimits,
    };
    return route(parts, req, res);
  }

  /** Where the app listens and the secret it checks: the emulator signs every request it sends there. */
  connectApp(appUrl: string, signingSecret: string): void {
    this.link.connect(appUrl, signingSecret);
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  // ---------------------------------------------------------------- reading the state

  messages(channel: string): EmuMessage[] {
    return this.workspace.messages(channel);
  }

  /** One message by channel and ts (indexed: a soak's channel holds thousands). */
  find(channel: string, ts: string): EmuMessage | undefined {
    return this.workspace.find(channel, ts);
  }

  /** Top-level messages of a channel (thread roots and lone posts). */
  roots(channel: string): EmuMessage[] {
    return this.workspace.roots(channel);
  }

  thread(channel: string, rootTs: string): EmuMessage[] {
    return this.workspace.thread(channel, rootTs);
  }

  dmChannel(userId: string): string {
    return this.workspace.dmChannel(userId);
  }

  /** The modal on top of a user's stack, if one is open. */
  openView(userId: string): EmuView | undefined {
    return this.viewState.openView(userId);
  }

  ephemeralsFor(userId: string): EmuEphemeral[] {
    return this.workspace.ephemeralsFor(userId);
  }

  /** The user's open modals, bottom first (Slack keeps up to three). */
  viewStack(userId: string): EmuView[] {
    return this.viewState.viewStack(userId);
  }

  snapshot(): EmuSnapshot {
    return { ...this.workspace.snapshot(), homes: [...this.homes] };
  }

  restore(s: EmuSnapshot): void {
    this.workspace.restore(s);
    this.homes.clear();
    for (const [k, v] of s.homes) this.homes.set(k, v);
  }

  /** A person types a message that is not a command: it lands in the channel (or thread) like any message. */
  postAsUser(userId: string, channel: string, text: string, threadTs?: string): EmuMessage {
    const ws = this.workspace;
    return ws.post({ channel, ts: ws.nextTs(), text, edits: 0, user: userId, at: Date.now(), ...(threadTs ? { threadTs } : {}) });
  }

  // ---------------------------------------------------------------- membership (the faults a channel plays)

  /**
   * A channel whose membership matters, as Slack has it: a bot with chat:write.public may post into a public channel
   * it is not in, but not read it (conversations.history/replies) or share files there: not_in_channel. A private
   * channel it is not in does not exist for it: channel_not_found for everything, joining included.
   */
  addChannel(id: string, o: { name?: string; isPrivate?: boolean; botMember?: boolean; archived?: boolean } = {}): void {
    this.faults.addChannel(id, o);
  }

  /** What /invite @app does. */
  inviteBot(id: string): void {
    this.faults.inviteBot(id);
  }

  isBotMember(id: string): boolean {
    return this.faults.isBotMember(id);
  }

  // ---------------------------------------------------------------- sending to the app, signed, as a user

  /** A slash command typed by a user in a channel. */
  command(userId: string, text: string, opts: { command?: string; channel?: string } = {}): Promise<AppResponse> {
    return this.actions.command(userId, text, opts);
  }

  /** A button (or select) in a message, the App Home or an open modal. */
  clickAction(userId: string, where: Surface, action: { actionId: string; value?: string; blockId?: string; selectedOption?: string }): Promise<AppResponse> {
    return this.actions.clickAction(userId, where, action);
  }

  /** Type-ahead in an external select of the open modal: the app answers with options. */
  suggest(userId: string, actionId: string, value: string): Promise<SuggestedOption[]> {
    return this.actions.suggest(userId, actionId, value);
  }

  /**
   * Submits the user's open modal with values keyed by action_id (string, string[] for multi-selects).
   * Applies the app's response_action to the view stack, as Slack does, and returns the response.
   */
  submitView(userId: string, values: Record<string, string | string[] | undefined>): Promise<AppResponse & { errors?: Record<string, string> }> {
    return this.actions.submitView(userId, values);
  }

  /**
   * Sends a view_submission for a view the test builds itself (hostile metadata, values of any shape), without a
   * modal open on the stack: what a forged or replayed-from-elsewhere submission looks like to the app.
   */
  submitCrafted(userId: string, view: Json): Promise<AppResponse> {
    return this.actions.submitCrafted(userId, view);
  }

  /**
   * The user picks a file in the open modal's file input (the Slack client's checks apply: the element's filetypes and
   * max_files, 10 MB); the next submit carries its file object. `replace` picks it instead of the files already there.
   */
  attachFile(userId: string, actionId: string, file: { name: string; bytes: Uint8Array; mimetype?: string }, opts: { replace?: boolean } = {}): Json {
    const v = this.viewState.openView(userId);
    if (!v) throw new Error(`no open view for ${userId}`);
    return this.fileInputs.attach(v, actionId, file, opts);
  }

  /** The user closes the modal; a view opened with notify_on_close tells the app (view_closed), as Slack does. */
  closeView(userId: string): Promise<AppResponse> | null {
    return this.actions.closeView(userId);
  }

  /** The user presses Back in a pushed modal: Slack drops the top of the stack. */
  backView(userId: string): void {
    this.viewState.back(userId);
  }

  /** The user opens the App Home tab: Slack sends app_home_opened. */
  openHome(userId: string): Promise<AppResponse> {
    return this.actions.openHome(userId);
  }

  /** A workspace admin deactivates a member: users.info says deleted from now on, and the app hears user_change. */
  deactivateUser(userId: string): Promise<AppResponse> {
    const u = this.users.get(userId);
    if (!u) throw new Error(`no user ${userId}`);
    u.deleted = true;
    return this.actions.userChange(userId);
  }

  /** Sends a raw body with chosen headers (security tests). */
  raw(body: string, headers: Record<string, string>, contentType = 'application/x-www-form-urlencoded'): Promise<AppResponse> {
    return this.link.raw(body, headers, contentType);
  }

  /** Tests of trigger expiry reach for this to hold a trigger_id without a click. */
  private issueTrigger(user: string): string {
    return this.viewState.issueTrigger(user);
  }
}
