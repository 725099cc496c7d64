// The view state: trigger_ids, each user's modal stack (up to three, with hashes), and the published Home tabs.
import { randomBytes } from 'node:crypto';
import { viewRefusal } from '../limits.js';
import type { Ledger } from './ledger.js';
import { type EmuView, type Json, newId, SlackApiError, type TeamInfo } from './types.js';
import type { Workspace } from './workspace.js';

const MAX_STACK = 3;

export class ViewState {
  readonly views = new Map<string, EmuView>();
  readonly homes = new Map<string, Json>();
  private stacks = new Map<string, string[]>();
  private triggers = new Map<string, { user: string; issued: number; used: boolean }>();

  constructor(
    private readonly team: TeamInfo,
    private readonly ws: Workspace,
    private readonly ledger: Ledger,
    private readonly triggerTtlMs: number,
    private readonly now: () => number,
  ) {}

  /** The modal on top of a user's stack, if one is open. */
  openView(userId: string): EmuView | undefined {
    const top = (this.stacks.get(userId) ?? []).at(-1);
    return top ? this.views.get(top) : undefined;
  }

  /** The user's open modals, bottom first (Slack keeps up to three). */
  viewStack(userId: string): EmuView[] {
    return (this.stacks.get(userId) ?? []).map((id) => this.views.get(id)).filter((v): v is EmuView => Boolean(v));
  }

  issueTrigger(user: string): string {
    const id = `${Date.now()}.${randomBytes(6).toString('hex')}`;
    this.triggers.set(id, { user, issued: this.now(), used: false });
    return id;
  }

  /** The view as Slack sends it to the app and answers it to views.* calls. */
  json(v: EmuView): Json {
    const ids = { id: v.id, hash: v.hash, team_id: this.team.id, root_view_id: v.rootViewId, previous_view_id: v.previousViewId ?? null };
    return { ...v.view, ...ids, state: { values: {} } };
  }

  /** views.open and views.push: a trigger used once within its lifetime, a modal, room on the stack. */
  open(method: 'views.open' | 'views.push', a: Json): Json {
    const view = a.view as Json;
    const user = this.takeTrigger(String(a.trigger_id));
    this.ledger.refuse(method, viewRefusal(view));
    // A Home tab is only ever published; opening or pushing one is refused like any other wrong view.
    if (view?.type !== 'modal') {
      this.ledger.refuse(method, { error: 'invalid_arguments', messages: ['[ERROR] failed to match all allowed schemas [json-pointer:/view/type]'] });
    }
    const stack = method === 'views.open' ? [] : [...(this.stacks.get(user) ?? [])];
    if (method === 'views.push' && !stack.length) throw new SlackApiError('not_found');
    if (stack.length >= MAX_STACK) throw new SlackApiError('push_limit_reached');
    const v = this.push(user, view, stack);
    this.ws.changed({ type: 'view', user });
    return { view: this.json(v) };
  }

  update(a: Json): Json {
    const view = a.view as Json;
    const existing = this.views.get(String(a.view_id ?? ''));
    if (!existing) throw new SlackApiError('not_found');
    if (a.hash && a.hash !== existing.hash) throw new SlackApiError('hash_conflict');
    this.ledger.refuse('views.update', viewRefusal(view));
    this.replace(existing, view);
    this.ws.changed({ type: 'view', user: existing.user });
    return { view: this.json(existing) };
  }

  publish(a: Json): Json {
    const view = a.view as Json;
    this.ledger.refuse('views.publish', viewRefusal(view));
    if (view.type !== 'home') throw new SlackApiError('invalid_arguments', ['views.publish takes a home view']);
    this.homes.set(String(a.user_id), view);
    this.ws.changed({ type: 'home', user: String(a.user_id) });
    return { view: { id: newId('VH'), ...view } };
  }

  /** Applies the app's answer to a view_submission to the stack, as Slack does; the errors it shows, if it shows any. */
  afterSubmit(userId: string, v: EmuView, answer: Json | undefined): { errors: Record<string, string> | undefined } | null {
    const action = answer?.response_action;
    const stack = this.stacks.get(userId) ?? [];
    if (action === 'errors') {
      v.errors = answer!.errors as Record<string, string>;
      this.ws.changed({ type: 'view', user: userId });
      return { errors: v.errors };
    }
    delete v.errors;
    if (action === 'update') {
      this.ledger.refuse('response_action:update', viewRefusal(answer!.view));
      this.replace(v, answer!.view as Json);
    } else if (action === 'push') {
      this.ledger.refuse('response_action:push', viewRefusal(answer!.view));
      if (stack.length >= MAX_STACK) throw new Error('push_limit_reached');
      this.push(userId, answer!.view as Json, stack, v.id);
    } else if (action === 'clear') {
      this.stacks.set(userId, []);
    } else {
      this.stacks.set(userId, stack.slice(0, -1));
    }
    this.ws.changed({ type: 'view', user: userId });
    return null;
  }

  /** The errors Slack's client itself shows under fields (a required one left empty); the view stays as it is. */
  showClientErrors(userId: string, v: EmuView, errors: Record<string, string>): void {
    v.errors = errors;
    this.ws.changed({ type: 'view', user: userId });
  }

  /** The user closes the modal: the whole stack goes; the view that was on top, for view_closed. */
  close(userId: string): EmuView | undefined {
    const top = this.openView(userId);
    this.stacks.set(userId, []);
    this.ws.changed({ type: 'view', user: userId });
    return top;
  }

  /** The user presses Back in a pushed modal: Slack drops the top of the stack. */
  back(userId: string): void {
    this.stacks.set(userId, (this.stacks.get(userId) ?? []).slice(0, -1));
    this.ws.changed({ type: 'view', user: userId });
  }

  private takeTrigger(triggerId: string): string {
    const t = this.triggers.get(triggerId);
    if (!t) throw new SlackApiError('invalid_trigger_id');
    if (t.used || this.now() - t.issued > this.triggerTtlMs) throw new SlackApiError('expired_trigger_id');
    t.used = true;
    return t.user;
  }

  /** A new modal on top of `stack`; its root is the stack's bottom, its previous the given view or the top. */
  private push(user: string, view: Json, stack: string[], previousId = stack.at(-1)): EmuView {
    const id = newId('V');
    const v: EmuView = { id, hash: newId('h'), user, view, rootViewId: stack[0] ?? id, ...(previousId ? { previousViewId: previousId } : {}) };
    this.views.set(id, v);
    this.stacks.set(user, [...stack, id]);
    return v;
  }

  /** New content, a new hash, and the errors of the last submit gone. */
  private replace(v: EmuView, view: Json): void {
    v.view = view;
    v.hash = newId('h');
    delete v.errors;
  }
}
