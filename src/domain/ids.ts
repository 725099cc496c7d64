// What an id looks like, said once: contracts, signers and documents are keyed by UUIDs, and a string that is not
// one is refused before it reaches PostgreSQL (which would answer with an error, not a refusal).
export const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID = new RegExp(`^${UUID_SOURCE}$`, 'i');

export const isUuid = (s: string | null | undefined): s is string => typeof s === 'string' && UUID.test(s);
