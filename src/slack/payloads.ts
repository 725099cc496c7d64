// What Slack hands a listener, parsed rather than cast: one schema per callback id for a modal's `state.values`, and
// one per kind of `private_metadata`. Slack sends what the app rendered, unless a submission is forged: then a value
// of the wrong shape is refused under its field, and metadata of the wrong shape refuses the form.
import { z } from 'zod';
import { KINDS, SEAL_CHANNELS, STATUSES, SUBJECT_TYPES, SUPPLEMENTARY_KINDS } from '../domain/types.js';
import { VENDORS } from '../domain/vendors.js';
import { BLOCK, CB, PAPER_BLOCK, PAPER_CB, POLICY_BLOCK, PREREQ, SETTINGS, SETUP_BLOCK, SETUP_CB } from './ids.js';

/** How one input's entry reads: the schema of Slack's entry, and what an absent input means. */
interface Reader<T> {
  schema: z.ZodType<T>;
  empty: T;
}

const reader = <T>(schema: z.ZodType<T>, empty: T): Reader<T> => ({ schema, empty });
const option = z.object({ value: z.string() });

const text = reader(
  z.object({ value: z.string().nullish() }).transform((e) => e.value ?? ''),
  '',
);
const select = reader(
  z.object({ selected_option: option.nullish() }).transform((e) => e.selected_option?.value),
  undefined,
);
const multi = reader(
  z.object({ selected_options: z.array(option).nullish() }).transform((e) => (e.selected_options ?? []).map((o) => o.value)),
  [],
);
const users = reader(
  z.object({ selected_users: z.array(z.string()).nullish() }).transform((e) => e.selected_users ?? []),
  [],
);
const user = reader(
  z.object({ selected_user: z.string().nullish() }).transform((e) => e.selected_user ?? null),
  null,
);
const date = reader(
  z.object({ selected_date: z.string().nullish() }).transform((e) => e.selected_date ?? null),
  null,
);
/** The agreement form's select offers only the supplementary agreements (R5); anything else is not read. */
const supplementaryKind = reader(
  z.object({ selected_option: z.object({ value: z.enum(SUPPLEMENTARY_KINDS) }).nullish() }).transform((e) => e.selected_option?.value),
  undefined,
);
const conversation = reader(
  z.object({ selected_conversation: z.string().nullish() }).transform((e) => e.selected_conversation ?? null),
  null,
);

type Values<S> = { [K in keyof S]: S[K] extends Reader<infer T> ? T : never };

/** A view's state, flattened to one value per input block (the app names each input's action after its block). */
function valuesSchema<S extends Record<string, Reader<unknown>>>(spec: S): z.ZodType<Values<S>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [block, r] of Object.entries(spec)) {
    shape[block] = z
      .object({ [block]: r.schema })
      .optional()
      .transform((b) => (b ? b[block] : r.empty));
  }
  // zod cannot follow a mapped object type through Object.entries; the shape above is built from `spec` key by key.
  return z.object(shape) as unknown as z.ZodType<Values<S>>;
}

const partyA = valuesSchema({ [BLOCK.address]: text, [BLOCK.contactName]: text, [BLOCK.phone]: text, [BLOCK.email]: text });

const accountSetup = valuesSchema({
  [SETUP_BLOCK.vendor]: select,
  [SETUP_BLOCK.cloudAccountId]: text,
  [SETUP_BLOCK.verifiedSubject]: text,
  [SETUP_BLOCK.subjectType]: select,
  [SETUP_BLOCK.address]: text,
  [SETUP_BLOCK.contactName]: text,
  [SETUP_BLOCK.phone]: text,
  [SETUP_BLOCK.email]: text,
  [SETUP_BLOCK.language]: select,
  [SETUP_BLOCK.timeZone]: select,
});

/** The set-up's second page and the settings share their inputs (the settings add the channel language). */
const policyInputs = {
  [POLICY_BLOCK.channel]: conversation,
  [POLICY_BLOCK.admins]: users,
  [POLICY_BLOCK.approvers]: users,
  [POLICY_BLOCK.esignAdmins]: users,
  [POLICY_BLOCK.kinds]: multi,
  [POLICY_BLOCK.min]: text,
  [POLICY_BLOCK.paperAddress]: text,
};

/** `state.values` of the forms by callback id; the import modal's two forms keep theirs beside their listener (listeners/import.ts). */
export const STATE = {
  [CB.start]: valuesSchema({ [BLOCK.kind]: select, [BLOCK.channel]: select }),
  [CB.items]: valuesSchema({ [BLOCK.items]: multi }),
  [CB.partyA]: valuesSchema({ [BLOCK.address]: text, [BLOCK.contactName]: text, [BLOCK.phone]: text, [BLOCK.email]: text, [BLOCK.partyAConfirmed]: multi }),
  [CB.profile]: partyA,
  [CB.signing]: valuesSchema({ [BLOCK.signer]: select, [BLOCK.signPhone]: text }),
  [CB.reject]: valuesSchema({ [BLOCK.reason]: text }),
  [CB.paper]: valuesSchema({ [BLOCK.recipient]: text, [BLOCK.phone]: text, [BLOCK.returnAddress]: text }),
  [CB.signerRequest]: valuesSchema({ [BLOCK.signerName]: text, [BLOCK.phone]: text, [BLOCK.signerUser]: user }),
  [CB.settings]: valuesSchema({ ...policyInputs, [SETTINGS.language]: select }),
  [SETUP_CB.account]: accountSetup,
  [SETUP_CB.accountEdit]: accountSetup,
  [SETUP_CB.roles]: valuesSchema(policyInputs),
  // The "received" step has no input: its tracking number reads as empty.
  [PAPER_CB.fact]: valuesSchema({ [PAPER_BLOCK.tracking]: text }),
  [PREREQ.agreement]: valuesSchema({ [PREREQ.kind]: supplementaryKind, [PREREQ.date]: date, [PREREQ.reference]: text }),
} as const;

/** Page two's metadata: page one's values, checked again by the service when saved. */
export const SetupMeta = z.object({
  vendor: z.enum(VENDORS),
  cloudAccountId: z.string().max(64),
  verifiedSubject: z.string().max(200),
  subjectType: z.enum(SUBJECT_TYPES),
  address: z.string().max(200),
  contactName: z.string().max(100),
  phone: z.string().max(30),
  email: z.string().max(200),
  language: z.enum(['zh', 'en']),
  timeZone: z.string().max(64),
});
export type SetupMeta = z.infer<typeof SetupMeta>;

/** The item step's metadata: what the start step chose. */
export const ItemsMeta = z.object({ kind: z.enum(KINDS), channel: z.enum(SEAL_CHANNELS) });
export type ItemsMeta = z.infer<typeof ItemsMeta>;

/** The Party A step's: a draft still to create (vendor channel), or a dual-channel draft to fill in. */
export const PartyAMeta = z.discriminatedUnion('mode', [
  ItemsMeta.extend({ mode: z.literal('create'), items: z.array(z.string()) }),
  z.object({ mode: z.literal('fill'), contractId: z.string(), version: z.number().int() }),
]);
export type PartyAMeta = z.infer<typeof PartyAMeta>;

/** A signer request pushed from the signing step: the step's view and its contract (views/admin.ts). */
export const SignerRequestFromMeta = z.object({ signingViewId: z.string(), contractId: z.string(), version: z.number().int() });

/** A step on one contract: the contract and the version the person saw (and, for a rejection, the message clicked). */
export const ContractMeta = z.object({ contractId: z.string(), version: z.number().int() });

/** A paper fact's form: the contract, the version shown, and which fact it records. */
export const PaperFactMeta = ContractMeta.extend({ next: z.enum(['mailed', 'received']) });

/** The supplementary agreement's form: where it was opened from (a refusal goes on to a new contract). */
export const AgreementMeta = z.object({ from: z.enum(['refusal', 'settings']) });

/**
 * The record's filters and page, as its modal keeps them: a filter that is not one of the record's is dropped rather
 * than refusing the click (the record still opens, unfiltered), and a page that is not a whole number is the first.
 */
export const RecordMeta = z.object({
  kind: z.enum(KINDS).optional().catch(undefined),
  status: z.enum(STATUSES).optional().catch(undefined),
  requesterId: z
    .string()
    .regex(/^[UW][A-Z0-9]{2,}$/)
    .optional()
    .catch(undefined),
  page: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).catch(0),
});
export type RecordMeta = z.infer<typeof RecordMeta>;

/** `private_metadata` parsed with its schema; null when it is not JSON or not of that shape. */
export function parseMeta<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  let json: unknown;
  try {
    json = JSON.parse(raw || 'null');
  } catch {
    return null;
  }
  const r = schema.safeParse(json);
  return r.success ? r.data : null;
}

/** `state.values` parsed with its form's schema; on a forged shape, the blocks that could not be read. */
export function parseState<T>(schema: z.ZodType<T>, values: unknown): { ok: true; value: T } | { ok: false; blocks: string[] } {
  const r = schema.safeParse(values ?? {});
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, blocks: [...new Set(r.error.issues.map((i) => String(i.path[0] ?? '')))] };
}
