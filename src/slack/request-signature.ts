// Slack's request signature (v0), as the emulator and the tests sign what they send; Bolt's receiver verifies it.
import { createHmac } from 'node:crypto';

export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}
