// The sandbox's control API (as the page uses it): the demo admin imports orders from Home through the file input.
import { describe, expect, it } from 'vitest';
import { buttonsIn } from '../../src/sandbox/client.js';
import { DEMO_USERS } from '../../src/seed/demo.js';
import { until, useSandbox } from '../helpers/sandbox.js';

const s = useSandbox();
const ADMIN = DEMO_USERS.admin.id;

describe('sandbox: Import through the control API', () => {
  it('opens Import from Home, attaches a CSV, and shows the outcome', async () => {
    await s.api.openHome(ADMIN);
    const home = await until(async () => (await s.api.home(ADMIN)) ?? null, 'the Home tab');
    const b = buttonsIn(home.blocks).find((x) => x.actionId === 'home:import')!;
    expect(b.text).toBe('导入订单');
    await s.api.action(ADMIN, 'home', b);
    await until(async () => (await s.api.views(ADMIN)).at(-1)?.view.callback_id === 'import', 'the import modal');
    await expect(s.api.attach(ADMIN, 'import_file', 'orders.pdf', new Uint8Array([1]))).rejects.toThrow(/\.pdf is not accepted/);
    const csv = 'order_id,type,product,amount,date\nSANDBOX-1,prepaid,CVM,12.00,2025-01-01\nSANDBOX-2,prepaid,CVM,oops,2025-01-01\n';
    await s.api.attach(ADMIN, 'import_file', 'orders.csv', new TextEncoder().encode(csv));
    await s.api.submit(ADMIN, { import_kind: 'orders' });
    const done = await until(async () => {
      const v = (await s.api.views(ADMIN)).at(-1);
      return v && JSON.stringify(v.view).includes('导入结果') && v;
    }, 'the outcome');
    expect(JSON.stringify(done.view)).toContain('新增 *1*');
    expect(JSON.stringify(done.view)).toContain('第 3 行 · amount：「oops」不是金额');
  });
});
