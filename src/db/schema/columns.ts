// Column shapes every area uses: bytes, amounts in fen, timestamps with time zone.
import { bigint, customType, timestamp } from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
export const money = (name: string) => bigint(name, { mode: 'number' });
export const stamp = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
