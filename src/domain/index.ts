export * from './errors.js';
export * from './labels.js';
export * from './lifecycle.js';
export * from './rules.js';
export * from './types.js';
export * from './refusals.js';
export * from './calendar.js';
export * from './inputs.js';
