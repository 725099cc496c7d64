// Text that reaches the contract document is refused here when its font cannot print it, so nothing stored would
// print as empty boxes. The input layer calls unprintableInContract itself for the inline field error.
import type { Messages } from '../domain/errors.js';
import { unprintableInContract } from '../pdf/font-coverage.js';
import { refuse } from './context.js';

/** `key` is the field's name in the code (for the inline error's place), `label` its name for people. */
export function refuseUnprintable(fields: [key: string, label: Messages, value: string][]): void {
  for (const [key, field, value] of fields) {
    const chars = unprintableInContract(value);
    if (chars.length) refuse('TEXT_NOT_IN_CONTRACT_FONT', { field, chars: chars.join(' '), key });
  }
}
