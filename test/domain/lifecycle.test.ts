import { describe, expect, it } from 'vitest';
import { acceptedActions, listActions, parseStateKey, type StateKey, validStates } from '../../src/domain/lifecycle.js';
import { whyNotAllowed } from '../../src/domain/refusals.js';
import type { SealChannel } from '../../src/domain/types.js';

// docs/domain.md's status table, typed in as it reads there (both = each channel).
const SPEC_TABLE: ['dual' | 'vendor' | 'both', StateKey, string[]][] = [
  ['dual', 'draft/filling_info', ['delete']],
  ['dual', 'draft/confirming_text', ['delete']],
  ['dual', 'draft/confirming_signing', ['delete']],
  ['both', 'draft/draft_generating', []],
  ['vendor', 'draft/draft_ready', ['convert', 'void']],
  ['dual', 'signing/customer_signing', ['cancelSigning', 'resend']],
  ['dual', 'signing/cancelling', []],
  ['both', 'signing/vendor_signing', []],
  ['both', 'effective/e_effective', ['requestPaper']],
  ['both', 'effective/paper_requested', ['viewMailing']],
  ['both', 'effective/paper_shipped', ['viewMailing']],
  ['both', 'voided/-', ['delete']],
];
// What docs/domain.md adds to the vendor's table: a draft waiting for an approver keeps its channel's way out.
const ADDED: [SealChannel, StateKey, string[]][] = [
  ['dual_seal', 'draft/awaiting_approval', ['delete']],
  ['vendor_seal', 'draft/awaiting_approval', ['void']],
  ['dual_seal', 'deleted/-', []],
  ['vendor_seal', 'deleted/-', []],
];

const expand = (c: 'dual' | 'vendor' | 'both'): SealChannel[] => (c === 'both' ? ['dual_seal', 'vendor_seal'] : [c === 'dual' ? 'dual_seal' : 'vendor_seal']);
const expected = [...SPEC_TABLE.flatMap(([c, k, a]) => expand(c).map((ch) => [ch, k, a] as const)), ...ADDED];

describe('the status table', () => {
  it.each(expected)('%s %s lists exactly %j', (channel, key, actions) => {
    expect(listActions(channel, parseStateKey(key)).sort()).toEqual([...actions].sort());
  });

  it('knows no state beyond docs/domain.md’s status table and the approval addition', () => {
    const known = validStates()
      .map(({ channel, state }) => `${channel} ${state.status}/${state.subStatus ?? '-'}`)
      .sort();
    expect(known).toEqual(expected.map(([c, k]) => `${c} ${k}`).sort());
  });

  it('lets the e-sign service move what people cannot', () => {
    expect(acceptedActions('vendor_seal', parseStateKey('draft/draft_generating'))).toEqual(['draftGenerated']);
    expect(acceptedActions('dual_seal', parseStateKey('signing/cancelling'))).toEqual(['cancelConfirmed']);
    expect(acceptedActions('dual_seal', parseStateKey('signing/vendor_signing'))).toEqual(['vendorSealed']);
  });

  it('explains a refusal in both languages with the rule that applies', () => {
    expect(whyNotAllowed(parseStateKey('effective/e_effective'), 'void', 'tencent').code).toBe('R6_EFFECTIVE_IMMUTABLE');
    expect(whyNotAllowed(parseStateKey('draft/draft_ready'), 'requestPaper', 'tencent').code).toBe('R14_NOT_EFFECTIVE');
    const e = whyNotAllowed(parseStateKey('signing/vendor_signing'), 'cancelSigning', 'tencent');
    expect(e.code).toBe('ACTION_NOT_ALLOWED');
    expect(e.message.zh).toBe('合同当前状态为「签署中 / 腾讯云签署」，不能执行「取消签署」');
    expect(e.message.en).toBe('The contract is "Signing / Tencent Cloud sealing"; "Cancel signing" is not possible now');
  });
});
