// The running app instances.
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { stamp } from './columns.js';

/**
 * The running app instances. Each holds a session advisory lock (class INSTANCE_LOCK_CLASS, id = key) for its whole
 * life on a connection of its own; a row whose lock nobody holds is an instance that died, and its claims are freed.
 */
export const appInstances = pgTable('app_instances', {
  key: integer('key').primaryKey(),
  startedAt: stamp('started_at').notNull().defaultNow(),
  label: text('label').notNull(),
});
