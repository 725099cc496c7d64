// A response_url that takes its time: each answer the app sends is held until the test lets it through, so the
// listener that sent it stays in flight (load-shedding tests count those).
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldAnswers {
  url: string;
  /** Answers received and not yet let through, oldest first. */
  held: ServerResponse[];
  /** Lets every held answer through, and any that arrive later at once: or the app's stop would wait on them. */
  release(): void;
  close(): Promise<void>;
}

export async function heldAnswers(): Promise<HeldAnswers> {
  const held: ServerResponse[] = [];
  let releasing = false;
  const server = createServer((req, res) => {
    req.resume();
    if (releasing) res.end('ok');
    else held.push(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/respond`,
    held,
    release: () => {
      releasing = true;
      for (const r of held.splice(0)) r.end('ok');
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
