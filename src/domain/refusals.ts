// Why an action is refused in a state: the most specific rule first, then the status table's general answer.
import { type DomainError, domainError } from './errors.js';
import { ACTION_LABEL, stateLabel } from './labels.js';
import type { Action } from './lifecycle.js';
import type { State } from './types.js';

export function whyNotAllowed(state: State, action: Action): DomainError {
  if (state.status === 'effective' && (action === 'void' || action === 'delete' || action === 'cancelSigning')) {
    return domainError('R6_EFFECTIVE_IMMUTABLE');
  }
  if (action === 'requestPaper' && state.status !== 'effective') return domainError('R14_NOT_EFFECTIVE');
  const s = stateLabel(state);
  const a = ACTION_LABEL[action];
  const err = domainError('ACTION_NOT_ALLOWED', { state: s.en, action: a.en });
  // The template fills one language at a time; give each language its own labels.
  err.message.zh = err.message.zh.replace(s.en, s.zh).replace(a.en, a.zh);
  return err;
}
