// The single source of table shapes, one file per area under schema/. drizzle-kit generates the migrations in drizzle/
// from this file, so every area is re-exported here.
export * from './schema/enums.js';
export * from './schema/accounts.js';
export * from './schema/contracts.js';
export * from './schema/audit.js';
export * from './schema/slack.js';
export * from './schema/simulator.js';
export * from './schema/signing-links.js';
export * from './schema/scheduler.js';
export * from './schema/instances.js';
export * from './schema/tencent-billing.js';
export * from './schema/installations.js';
