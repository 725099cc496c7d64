// The one logger: structured JSON lines (pino), also handed to Bolt later. Whatever looks like a Slack token or secret
// is censored wherever it appears in a logged object (an error's data, a request's headers): tokens are never logged.
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

const SECRET_KEYS = [
  'token',
  'botToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'bot_token',
  'client_secret',
  'clientSecret',
  'authorization',
  'Authorization',
  'cookie',
];

/** The keys at the top and two levels down (err.data.access_token, req.headers.authorization…). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { app: 'contract-desk' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A line another library logs as text (Bolt's, the OAuth installer's and their WebClients' debug lines: a request's
 * body as JSON) with Slack tokens and the client secret cut out: path redaction cannot reach inside a string.
 */
export function scrub(text: string): string {
  return text.replace(/\bxox[a-z](?:\.xox[a-z])?-[A-Za-z0-9-]+/g, 'xox…[redacted]').replace(/("?client_secret"?\s*[:=]\s*"?)[^"&\s,}]+/g, '$1[redacted]');
}
