// Why an action is refused in a state: the most specific rule first, then the status table's general answer.
import { type DomainError, domainError } from './errors.js';
import { actionLabel, stateLabel } from './labels.js';
import type { Action } from './lifecycle.js';
import type { State } from './types.js';
import type { Vendor } from './vendors.js';

export function whyNotAllowed(state: State, action: Action, vendor: Vendor): DomainError {
  if (state.status === 'effective' && (action === 'void' || action === 'delete' || action === 'cancelSigning')) {
    return domainError('R6_EFFECTIVE_IMMUTABLE');
  }
  if (action === 'requestPaper' && state.status !== 'effective') return domainError('R14_NOT_EFFECTIVE');
  return domainError('ACTION_NOT_ALLOWED', { state: stateLabel(state, vendor), action: actionLabel(action, vendor) });
}
