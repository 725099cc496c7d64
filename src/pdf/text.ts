// The agreement bodies, in our own words. Order, filing, consumption and recharge contracts refer to the framework.
import type { Messages } from '../domain/errors.js';
import type { Kind } from '../domain/types.js';
import { type Vendor, vendorProfile } from '../domain/vendors.js';

const TITLE: Record<Exclude<Kind, 'framework'>, Messages> = {
  order: { zh: '订单合同', en: 'Order Contract' },
  filing: { zh: '备案合同', en: 'ICP Filing Contract' },
  consumption: { zh: '消费合同', en: 'Consumption Contract' },
  recharge: { zh: '充值合同', en: 'Recharge Contract' },
};

/** The framework is titled by its vendor (R1a): 《腾讯云服务协议》, 《QingCloud 服务协议》. */
export function title(kind: Kind, vendor: Vendor): Messages {
  if (kind !== 'framework') return TITLE[kind];
  const f = vendorProfile(vendor).frameworkTitle;
  return { zh: `${f.zh.replace(/[《》]/g, '')}（框架合同）`, en: `${f.en} (framework contract)` };
}

export function clauses(kind: Kind, frameworkNumber: string | null, vendor: Vendor): string[] {
  const f = vendorProfile(vendor).frameworkTitle.zh;
  // QingCloud's kinds need no framework (R3 is Tencent's): without one, they rest on the vendor's published agreement.
  const ref = frameworkNumber ? `双方已签订的${f}（合同编号 ${frameworkNumber}）` : `乙方公布的${f}`;
  switch (kind) {
    case 'framework':
      return [
        '第一条 服务内容：乙方通过其云计算平台向甲方提供云服务器、数据库、存储、网络及相关技术服务，具体以甲方在平台上购买的产品为准。',
        '第二条 费用与结算：甲方按平台公布的价格及所选计费方式（预付费或后付费）支付服务费用；后付费按实际用量结算。',
        '第三条 服务质量：乙方按平台公布的服务等级协议提供服务；未达承诺时，按服务等级协议约定给予补偿。',
        '第四条 数据与安全：甲方数据归甲方所有。乙方采取合理的技术与管理措施保护甲方数据，未经甲方同意不向第三方披露。',
        '第五条 甲方义务：甲方应遵守法律法规，不得利用服务从事违法活动；涉及经营性互联网信息服务的，甲方应依法办理 ICP 备案。',
        '第六条 期限与终止：本协议自双方签章之日起生效，长期有效；任何一方可按平台规则提前通知对方终止。',
        '第七条 变更：本合同一经签章不得修改或作废，如需变更，由双方另行签订补充协议。',
        '第八条 争议解决：因本协议产生的争议，双方友好协商解决；协商不成的，提交乙方所在地有管辖权的人民法院诉讼解决。',
      ];
    case 'order':
    case 'consumption':
    case 'recharge':
      return [
        `第一条 本合同依据${ref}订立，是其不可分割的组成部分；本合同未约定的事项，适用框架合同的约定。`,
        '第二条 甲方确认附表所列订单为其在乙方平台购买的服务，订单金额以平台记录为准，合同总金额见附表合计。',
        '第三条 本合同用于甲方的请款与报销，不改变订单原有的服务内容、计费方式及退款规则。',
        '第四条 本合同一经签章即具有法律效力，不得修改或作废；如需变更，由双方另行签订补充协议。',
      ];
    case 'filing':
      return [
        `第一条 本合同依据${ref}订立，用于甲方办理 ICP 经营性备案。`,
        '第二条 乙方为附表所列备案号对应网站提供接入服务；甲方申请纸质合同时，乙方一并寄送《网站接入单位许可证》及备案信息详情截图。',
        '第三条 本合同自生效之日起一年内有效；因经营性备案年检需要，期满后可就同一备案号重新订立备案合同。',
        '第四条 本合同一经签章即具有法律效力，不得修改或作废；如需变更，由双方另行签订补充协议。',
      ];
  }
}
