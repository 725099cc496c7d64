// The Postgres enums, from the domain's lists.
import { pgEnum } from 'drizzle-orm/pg-core';
import {
  ITEM_KINDS,
  KINDS,
  ORDER_TYPES,
  SEAL_CHANNELS,
  SIGNER_STATUSES,
  STATUSES,
  SUB_STATUSES,
  SUBJECT_TYPES,
  SUPPLEMENTARY_KINDS,
} from '../../domain/types.js';

export const kindEnum = pgEnum('contract_kind', KINDS);
export const sealChannelEnum = pgEnum('seal_channel', SEAL_CHANNELS);
export const statusEnum = pgEnum('contract_status', STATUSES);
export const subStatusEnum = pgEnum('contract_sub_status', SUB_STATUSES);
export const orderTypeEnum = pgEnum('order_type', ORDER_TYPES);
export const subjectTypeEnum = pgEnum('subject_type', SUBJECT_TYPES);
export const itemKindEnum = pgEnum('item_kind', ITEM_KINDS);
export const signerStatusEnum = pgEnum('signer_status', SIGNER_STATUSES);
export const supplementaryKindEnum = pgEnum('supplementary_kind', SUPPLEMENTARY_KINDS);
