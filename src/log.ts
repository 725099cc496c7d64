// The one logger: structured JSON lines (pino), also handed to Bolt later.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'contract-desk' } });
}
