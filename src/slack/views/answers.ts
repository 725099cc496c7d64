// What a click on one of the status table's buttons answers: what really happened, read from where the contract
// ended up, not the name of the button. A convert that went to an approver says so; one the vendor still seals says
// how long that takes; a cancellation says it is under way.
import type { ContractRow } from '../../db/schema.js';
import { actionLabel, buttonLabel, durationWords, EXPECTED_DURATION, HELD_ITEMS, stateLabel } from '../../domain/labels.js';
import { vendorOffers } from '../../domain/vendors.js';
import { type Locale, pick, t } from '../i18n.js';

export type SimpleAction = 'convert' | 'void' | 'delete' | 'cancelSigning' | 'resend';

export function actionAnswer(action: SimpleAction, c: ContractRow, l: Locale, timeScale = 1): string {
  const number = c.number;
  if (c.subStatus === 'awaiting_approval') return t('sentForApproval', l, { number, action: pick(buttonLabel('convert', c.vendor), l) });
  if (action === 'convert' && c.status === 'effective') return t('convertedNow', l, { number });
  if (action === 'convert' && c.subStatus === 'vendor_signing') {
    const duration = pick(durationWords(EXPECTED_DURATION.vendorSeal[c.sealChannel], timeScale), l);
    return t('convertStarted', l, { number, state: pick(stateLabel(c, c.vendor), l), duration });
  }
  if (action === 'cancelSigning' && c.subStatus === 'cancelling') return t('cancellingNow', l, { number });
  // A vendor without a separate delete (QingCloud's guide) discards its draft in one step.
  if (action === 'void' && !vendorOffers(c.vendor, 'delete')) {
    const held = HELD_ITEMS[c.kind];
    return held ? t('discardedHeld', l, { number, items: pick(held, l) }) : t('discardedNothing', l, { number });
  }
  return t('done', l, { action: pick(actionLabel(action, c.vendor), l), number });
}
