// What an admin does to import the vendor console's exports from Slack (issue 24 item 3): Import on Home opens the
// import modal, the file goes into Slack's file input, the modal is submitted and its outcome replaces "importing".
import { expect } from 'vitest';
import { blocksText, eventually, findButton, type SlackEnv } from './slack.js';

/** 50 orders as Tencent Cloud's console exports them, five of them bad (rows 8, 15, 23, 37, 51), with the bad rows' words. */
export function fiftyOrders(): { csv: string; good: string[]; bad: string[]; badRows: number[] } {
  const lines = ['订单号,产品名称,付费方式,订单类型,订单状态,实付金额（元）,下单时间'];
  const good: string[] = [];
  const bad: string[] = [];
  for (let i = 1; i <= 50; i++) {
    const id = `2025${String(i).padStart(8, '0')}`;
    const row = i + 1;
    if (row === 8) lines.push(`${id},云服务器 CVM,包年包月,新购,已支付,abc,2025-01-05 10:00:00`);
    else if (row === 15) lines.push(`${id},云服务器 CVM,包月,新购,已支付,10.00,2025-01-05 10:00:00`);
    else if (row === 23) lines.push(`${id},云服务器 CVM,包年包月,新购,已支付,10.00,2025-13-01 10:00:00`);
    else if (row === 37) lines.push(`${id},云服务器 CVM,包年包月,新购,未支付,10.00,2025-01-05 10:00:00`);
    else if (row === 51) lines.push(`,云服务器 CVM,包年包月,新购,已支付,10.00,2025-01-05 10:00:00`);
    else {
      lines.push(`${id},云服务器 CVM,${i % 3 ? '包年包月' : '按量计费'},新购,已支付,${100 + i}.50,2025-01-05 10:00:00`);
      good.push(id);
      continue;
    }
    bad.push(id);
  }
  return { csv: lines.join('\n') + '\n', good, bad, badRows: [8, 15, 23, 37, 51] };
}

/** Home's Import button, clicked: the import modal. */
export async function openImport(s: SlackEnv, user: string) {
  await s.emu.closeView(user);
  await s.emu.openHome(user);
  const b = await eventually(() => {
    try {
      return findButton(s.emu.homes.get(user)?.blocks, 'home:import');
    } catch {
      return null;
    }
  }, 'the Import button on Home');
  await s.emu.clickAction(user, { home: true }, b);
  return eventually(() => s.emu.openView(user)?.view.callback_id === 'import' && s.emu.openView(user), 'the import modal');
}

/** Attaches the file, submits, and waits for the outcome that replaces "importing". */
export async function importFile(s: SlackEnv, user: string, kind: string, name: string, bytes: Uint8Array) {
  await openImport(s, user);
  s.emu.attachFile(user, 'import_file', { name, bytes });
  const r = await s.emu.submitView(user, { import_kind: kind });
  if (r.errors) return { errors: r.errors, text: '' };
  expect(r.status).toBe(200);
  const done = await eventually(() => {
    const v = s.emu.openView(user);
    return v && !blocksText(v.view.blocks).includes('⏳') && v;
  }, 'the import outcome');
  return { errors: undefined, text: blocksText(done.view.blocks) };
}
