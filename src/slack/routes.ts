// Requests are routed here, by one global middleware (slack/app.ts), not by Bolt's listeners. Bolt runs every
// registered listener's matchers on every request, copying the listener arguments for each middleware of each
// listener: with a listener per button that was a fifth of the app's CPU per click in the ack bench, and with one
// listener per kind (six) still the largest single cost of an Approve click flat out. Ids are matched as Bolt would
// (a string exactly, a RegExp by test), first the exact ones, then the patterns in the order they were added; an id
// is routed to one handler only.
import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockSuggestion,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type OptionsArgs = SlackOptionsMiddlewareArgs<BlockSuggestion['type']> & AllMiddlewareArgs;
export type EventArgs<T extends string> = SlackEventMiddlewareArgs<T> & AllMiddlewareArgs;
export type Handler<A> = (args: A) => Promise<unknown>;

export class Routes<A> {
  private exact = new Map<string, Handler<A>>();
  private patterns: { re: RegExp; handler: Handler<A> }[] = [];

  add(id: string | RegExp, handler: Handler<A>): void {
    if (typeof id === 'string') {
      if (this.exact.has(id)) throw new Error(`two handlers for ${id}`);
      this.exact.set(id, handler);
    } else {
      this.patterns.push({ re: id, handler });
    }
  }

  find(id: string): Handler<A> | undefined {
    return this.exact.get(id) ?? this.patterns.find((p) => p.re.test(id))?.handler;
  }
}

/** What registerActions needs: Bolt's `app.action`, narrowed to block actions. */
export interface ActionRouter {
  action(id: string | RegExp, handler: Handler<ActionArgs>): void;
}

/** What registerViews needs: Bolt's `app.view`, narrowed to submissions. */
export interface ViewRouter {
  view(callbackId: string, handler: Handler<ViewArgs>): void;
}

/** What registerCommands needs: Bolt's `app.command`, routed here. */
export interface CommandRouter {
  command(name: string, handler: Handler<CommandArgs>): void;
}

/** What registerOptions needs: Bolt's `app.options` for block suggestions, by action_id. */
export interface OptionsRouter {
  options(actionId: string, handler: Handler<OptionsArgs>): void;
}

/** The events the app subscribes to (manifest.yml). */
export type RoutedEvent = 'app_home_opened' | 'user_change' | 'app_uninstalled' | 'tokens_revoked';

/** What registerEvents needs: Bolt's `app.event`, by event type. */
export interface EventRouter {
  event<T extends RoutedEvent>(type: T, handler: Handler<EventArgs<T>>): void;
}
