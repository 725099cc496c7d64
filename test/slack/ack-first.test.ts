// A listener's work after its ack waits for what is already queued on the event loop (other requests read from their
// sockets and acked), so that in a burst of clicks no ack waits behind the work after the acks before it.
import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { ackFirst } from '../../src/slack/app.js';

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

describe('ackFirst', () => {
  it('sends the ack at once and goes on only after the callbacks already queued', async () => {
    const seen: string[] = [];
    const args = ackFirst({ ack: async (r?: unknown) => void seen.push(`ack ${JSON.stringify(r ?? null)}`) } as unknown as Args) as Args & {
      ack: (r?: unknown) => Promise<void>;
    };
    // Another request's turn, already waiting on the loop when this listener acks.
    setImmediate(() => seen.push('next request'));
    await args.ack({ response_action: 'clear' });
    seen.push('work after the ack');
    expect(seen).toEqual(['ack {"response_action":"clear"}', 'next request', 'work after the ack']);
  });

  it('leaves requests without an ack (events) as they are', () => {
    const args = { body: {} } as unknown as Args;
    expect(ackFirst(args)).toBe(args);
  });
});
