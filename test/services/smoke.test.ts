import { describe, expect, it } from 'vitest';
import { stateKey } from '../../src/domain/lifecycle.js';
import { useTestDb } from '../helpers/db.js';
import { effectiveFramework, eligibleOrders, newContractIn } from '../helpers/flows.js';

const env = useTestDb();

describe('smoke', () => {
  it('a framework then an order contract reach effective on both channels', async () => {
    const acc = await env.seed();
    const f = await effectiveFramework(env, acc);
    expect(stateKey(f)).toBe('effective/e_effective');
    const [o1, o2] = eligibleOrders(acc);
    const v = await newContractIn(env, acc, { kind: 'order', channel: 'vendor_seal', itemIds: [o1!] }, 'effective/paper_shipped');
    expect(v.number).toMatch(/^HT-2026-\d{6}$/);
    const d = await newContractIn(env, acc, { kind: 'order', channel: 'dual_seal', itemIds: [o2!] }, 'deleted/-');
    expect(d.status).toBe('deleted');
  });
});
