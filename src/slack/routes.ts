// One Bolt listener per kind of request, routing by id here. Bolt runs every registered listener's matchers on every
// request, copying the listener arguments at each step; with a listener per button and per modal that was a fifth of
// the app's CPU per click in the ack bench. Ids are matched as Bolt would (a string exactly, a RegExp by test), first
// the exact ones, then the patterns in the order they were added; an id is routed to one handler only.
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';

export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
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
