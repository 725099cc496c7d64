// R1a: every vendor has every word, and no vendor's words name another vendor.
import { describe, expect, it } from 'vitest';
import { actionLabel, channelLabel, kindLabel, stateLabel } from '../../src/domain/labels.js';
import { VENDOR_PROFILE, VENDORS } from '../../src/domain/vendors.js';
import { clauses, title } from '../../src/pdf/text.js';

const TENCENT = /腾讯|Tencent/i;
const QING = /青云|QingCloud|Yunify/i;

function strings(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === 'object') return Object.values(x).flatMap(strings);
  return [];
}

describe('vendor words', () => {
  it('are complete for both vendors: the same keys, every text non-empty in both languages', () => {
    const keys = (v: object) => JSON.stringify(Object.keys(v).sort());
    expect(keys(VENDOR_PROFILE.qingcloud)).toBe(keys(VENDOR_PROFILE.tencent));
    for (const v of VENDORS) {
      const p = VENDOR_PROFILE[v];
      for (const [k, val] of Object.entries(p)) {
        if (val && typeof val === 'object' && 'zh' in val) {
          expect((val as { zh: string }).zh, `${v}.${k}.zh`).not.toBe('');
          expect((val as { en: string }).en, `${v}.${k}.en`).not.toBe('');
        }
      }
      expect(Object.values(p.partyB).every((s) => s.length > 0)).toBe(true);
      expect(p.kinds).toContain('framework');
      expect(p.channels).toContain('vendor_seal');
    }
  });

  it("name each vendor's own Party B and framework title (Tencent's overview, QingCloud's guide)", () => {
    expect(VENDOR_PROFILE.tencent.partyB.name).toBe('腾讯云计算（北京）有限责任公司');
    expect(VENDOR_PROFILE.tencent.frameworkTitle.zh).toBe('《腾讯云服务协议》');
    expect(VENDOR_PROFILE.qingcloud.partyB.name).toBe('北京青云科技股份有限公司');
    expect(VENDOR_PROFILE.qingcloud.frameworkTitle.zh).toBe('《QingCloud 服务协议》');
    expect(VENDOR_PROFILE.qingcloud.kinds).toEqual(['framework', 'consumption', 'recharge']);
    expect(VENDOR_PROFILE.qingcloud.channels).toEqual(['vendor_seal']);
  });

  it('never name the other vendor', () => {
    expect(strings(VENDOR_PROFILE.qingcloud).filter((s) => TENCENT.test(s))).toEqual([]);
    expect(strings(VENDOR_PROFILE.tencent).filter((s) => QING.test(s))).toEqual([]);
  });

  it('name the vendor in English wherever the Chinese names it (an English reader is told who seals too)', () => {
    for (const v of VENDORS) {
      const { name } = VENDOR_PROFILE[v];
      const silent = Object.entries(VENDOR_PROFILE[v])
        .filter(([, m]) => m && typeof m === 'object' && 'zh' in m && 'en' in m)
        .filter(([, m]) => (m as { zh: string }).zh.includes(name.zh) && !(m as { en: string }).en.includes(name.en))
        .map(([key]) => key);
      expect(silent, v).toEqual([]);
    }
  });

  it('reach the labels, titles and clauses a QingCloud contract is read through', () => {
    const words = [
      channelLabel('vendor_seal', 'qingcloud'),
      stateLabel({ status: 'signing', subStatus: 'vendor_signing' }, 'qingcloud'),
      actionLabel('vendorSealed', 'qingcloud'),
      actionLabel('void', 'qingcloud'),
      title('framework', 'qingcloud'),
      clauses('consumption', 'HT-2026-000001', 'qingcloud'),
      clauses('framework', null, 'qingcloud'),
    ];
    expect(strings(words).filter((s) => TENCENT.test(s))).toEqual([]);
    expect(title('framework', 'qingcloud').zh).toBe('QingCloud 服务协议（框架合同）');
    expect(title('framework', 'tencent').zh).toBe('腾讯云服务协议（框架合同）');
    expect(actionLabel('void', 'qingcloud').zh).toBe('废弃');
    expect(kindLabel('framework', 'tencent').zh).toBe('框架合同《腾讯云服务协议》');
    expect(kindLabel('framework', 'qingcloud').zh).toBe('框架合同《QingCloud 服务协议》');
    expect(stateLabel({ status: 'signing', subStatus: 'vendor_signing' }, 'tencent').zh).toBe('签署中 / 腾讯云签署');
  });
});
