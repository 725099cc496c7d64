// Slack's Block Kit limits as data: one shape per block, element and composition object, each number copied from the
// reference page named beside it (docs.slack.dev, read 2026-11-30). The checker in limits.ts walks a payload with these
// shapes; a limit Slack changes is one number here.

const DOCS = 'https://docs.slack.dev/reference';
export const REF = {
  blocks: `${DOCS}/block-kit/blocks`,
  section: `${DOCS}/block-kit/blocks/section-block`,
  header: `${DOCS}/block-kit/blocks/header-block`,
  actions: `${DOCS}/block-kit/blocks/actions-block`,
  context: `${DOCS}/block-kit/blocks/context-block`,
  input: `${DOCS}/block-kit/blocks/input-block`,
  image: `${DOCS}/block-kit/blocks/image-block`,
  button: `${DOCS}/block-kit/block-elements/button-element`,
  checkboxes: `${DOCS}/block-kit/block-elements/checkboxes-element`,
  radio: `${DOCS}/block-kit/block-elements/radio-button-group-element`,
  overflow: `${DOCS}/block-kit/block-elements/overflow-menu-element`,
  select: `${DOCS}/block-kit/block-elements/select-menu-element`,
  multiSelect: `${DOCS}/block-kit/block-elements/multi-select-menu-element`,
  textInput: `${DOCS}/block-kit/block-elements/plain-text-input-element`,
  fileInput: `${DOCS}/block-kit/block-elements/file-input-element`,
  option: `${DOCS}/block-kit/composition-objects/option-object`,
  optionGroup: `${DOCS}/block-kit/composition-objects/option-group-object`,
  confirm: `${DOCS}/block-kit/composition-objects/confirmation-dialog-object`,
  text: `${DOCS}/block-kit/composition-objects/text-object`,
  modal: `${DOCS}/views/modal-views`,
  home: `${DOCS}/views/home-tab-views`,
  viewsOpen: `${DOCS}/methods/views.open`,
  viewsUpdate: `${DOCS}/methods/views.update`,
  truncation: 'https://api.slack.com/changelog/2018-04-truncating-really-long-messages',
} as const;

/** What a field holds: a nested object the checker descends into, or a plain value it measures. */
export type Kind = 'text' | 'plain' | 'element' | 'option' | 'optionGroup' | 'confirm' | 'contextElement';

export interface Field {
  /** A nested object (or, with `items`, an array of them) checked with its own shape. */
  of?: Kind;
  /** For text objects: the most characters of their `text`. */
  text?: number;
  /** For strings: the most characters. */
  str?: number;
  /** For arrays: the fewest and most items. */
  items?: readonly [number, number];
  /** For integers: the smallest and largest value. */
  range?: readonly [number, number];
  required?: boolean;
  /** Element types this field takes (Slack answers "failed to match all allowed schemas" for others). */
  allow?: readonly string[];
  /** initial_option(s) must equal one of the options of this field (or of its option groups). */
  among?: 'options';
}

export interface Shape {
  ref: string;
  fields: Record<string, Field>;
  /** At least one of these fields must be present. */
  oneOf?: readonly string[];
  /** The first field, when both are given, may not exceed the second (min_length and max_length). */
  ordered?: readonly [string, string];
}

const actionId: Field = { str: 255 };
const confirm: Field = { of: 'confirm' };
const placeholder: Field = { of: 'plain', text: 150 };
const selectCommon = { action_id: actionId, placeholder, confirm } as const;

// The select menus, single and multi: every surface that takes one takes them all.
const SELECTS = [
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_external_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
] as const;

// Elements an actions block, a section's accessory and an input block take (block elements reference, "Works in").
const INTERACTIVE = ['button', 'checkboxes', 'datepicker', 'datetimepicker', 'overflow', 'radio_buttons', 'timepicker', ...SELECTS] as const;
const INPUTS = [
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'email_text_input',
  'file_input',
  'number_input',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'timepicker',
  'url_text_input',
  ...SELECTS,
] as const;
const ACCESSORY = [...INTERACTIVE.filter((t) => t !== 'datetimepicker'), 'image'] as const;

export const BLOCKS: Record<string, Shape> = {
  section: {
    ref: REF.section,
    fields: {
      block_id: { str: 255 },
      text: { of: 'text', text: 3000 },
      fields: { of: 'text', text: 2000, items: [1, 10] },
      accessory: { of: 'element', allow: ACCESSORY },
    },
    oneOf: ['text', 'fields'],
  },
  header: { ref: REF.header, fields: { block_id: { str: 255 }, text: { of: 'plain', text: 150, required: true } } },
  actions: { ref: REF.actions, fields: { block_id: { str: 255 }, elements: { of: 'element', items: [1, 25], required: true, allow: INTERACTIVE } } },
  context: { ref: REF.context, fields: { block_id: { str: 255 }, elements: { of: 'contextElement', items: [1, 10], required: true } } },
  input: {
    ref: REF.input,
    fields: {
      block_id: { str: 255 },
      label: { of: 'plain', text: 2000, required: true },
      hint: { of: 'plain', text: 2000 },
      element: { of: 'element', required: true, allow: INPUTS },
    },
  },
  image: {
    ref: REF.image,
    fields: { block_id: { str: 255 }, alt_text: { str: 2000, required: true }, image_url: { str: 3000 }, title: { of: 'plain', text: 2000 } },
  },
  divider: { ref: REF.blocks, fields: { block_id: { str: 255 } } },
  // Rich text is checked for its block_id only: the app builds none, and its nested grammar is large.
  rich_text: { ref: REF.blocks, fields: { block_id: { str: 255 } } },
};

/** Blocks only views take (the input block reference: "Available in surfaces: Modals, Home tabs"; messages take them only from workflows). */
export const VIEW_ONLY_BLOCKS = new Set(['input']);

const staticSelect = (multi: boolean): Shape => ({
  ref: multi ? REF.multiSelect : REF.select,
  fields: {
    ...selectCommon,
    options: { of: 'option', items: [1, 100] },
    option_groups: { of: 'optionGroup', items: [1, 100] },
    ...(multi
      ? { initial_options: { of: 'option', among: 'options' }, max_selected_items: { range: [1, Infinity] } }
      : { initial_option: { of: 'option', among: 'options' } }),
  },
  oneOf: ['options', 'option_groups'],
});
const external = (multi: boolean): Shape => ({
  ref: multi ? REF.multiSelect : REF.select,
  fields: {
    ...selectCommon,
    min_query_length: { range: [0, Infinity] },
    ...(multi ? { initial_options: { of: 'option' }, max_selected_items: { range: [1, Infinity] } } : { initial_option: { of: 'option' } }),
  },
});
const picker = (multi: boolean): Shape => ({
  ref: multi ? REF.multiSelect : REF.select,
  fields: { ...selectCommon, ...(multi ? { max_selected_items: { range: [1, Infinity] } } : {}) },
});

export const ELEMENTS: Record<string, Shape> = {
  button: {
    ref: REF.button,
    fields: {
      text: { of: 'plain', text: 75, required: true },
      action_id: actionId,
      url: { str: 3000 },
      value: { str: 2000 },
      accessibility_label: { str: 75 },
      confirm,
    },
  },
  checkboxes: {
    ref: REF.checkboxes,
    fields: { action_id: actionId, options: { of: 'option', items: [1, 10], required: true }, initial_options: { of: 'option', among: 'options' }, confirm },
  },
  radio_buttons: {
    ref: REF.radio,
    fields: { action_id: actionId, options: { of: 'option', items: [1, 10], required: true }, initial_option: { of: 'option', among: 'options' }, confirm },
  },
  overflow: { ref: REF.overflow, fields: { action_id: actionId, options: { of: 'option', items: [2, 5], required: true }, confirm } },
  static_select: staticSelect(false),
  multi_static_select: staticSelect(true),
  external_select: external(false),
  multi_external_select: external(true),
  users_select: picker(false),
  multi_users_select: picker(true),
  conversations_select: picker(false),
  multi_conversations_select: picker(true),
  channels_select: picker(false),
  multi_channels_select: picker(true),
  plain_text_input: {
    ref: REF.textInput,
    fields: { action_id: actionId, placeholder, min_length: { range: [0, 3000] }, max_length: { range: [1, 3000] } },
    ordered: ['min_length', 'max_length'],
  },
  datepicker: { ref: REF.select, fields: { action_id: actionId, placeholder, confirm } },
  timepicker: { ref: REF.select, fields: { action_id: actionId, placeholder, confirm } },
  // Elements the app does not use, known so that they are not refused; only the limits common to all are checked.
  datetimepicker: { ref: REF.blocks, fields: { action_id: actionId, confirm } },
  // max_files: minimum 1, maximum 10 (defaults to 10); files up to 10 MB, which the emulator's file input enforces.
  file_input: { ref: REF.fileInput, fields: { action_id: actionId, max_files: { range: [1, 10] } } },
  rich_text_input: { ref: REF.blocks, fields: { action_id: actionId, placeholder } },
  email_text_input: { ref: REF.textInput, fields: { action_id: actionId, placeholder } },
  url_text_input: { ref: REF.textInput, fields: { action_id: actionId, placeholder } },
  number_input: { ref: REF.textInput, fields: { action_id: actionId, placeholder } },
  image: { ref: REF.image, fields: { image_url: { str: 3000 }, alt_text: { str: 2000, required: true } } },
};

export const COMPOSITION: Record<'option' | 'optionGroup' | 'confirm', Shape> = {
  // The option object's text limit is 75; the radio description that once opened nothing was 99 characters long.
  option: {
    ref: REF.option,
    fields: { text: { of: 'text', text: 75, required: true }, value: { str: 150, required: true }, description: { of: 'text', text: 75 }, url: { str: 3000 } },
  },
  optionGroup: {
    ref: REF.optionGroup,
    fields: { label: { of: 'plain', text: 75, required: true }, options: { of: 'option', items: [1, 100], required: true } },
  },
  confirm: {
    ref: REF.confirm,
    fields: {
      title: { of: 'plain', text: 100, required: true },
      text: { of: 'text', text: 300, required: true },
      confirm: { of: 'plain', text: 30, required: true },
      deny: { of: 'plain', text: 30, required: true },
    },
  },
};

/** A text object's own bounds (text object reference: at least 1, at most 3000 characters), before its field's limit. */
export const TEXT_OBJECT = { min: 1, max: 3000 } as const;

export const SURFACES = {
  message: { blocks: 50, ref: REF.blocks },
  modal: { blocks: 100, title: 24, submit: 24, close: 24, ref: REF.modal },
  home: { blocks: 100, ref: REF.home },
} as const;

/** Fields of both view types (modal and Home tab view references; external_id from views.update). */
export const VIEW_FIELDS: Record<string, Field> = { private_metadata: { str: 3000 }, callback_id: { str: 255 }, external_id: { str: 255 } };

/** views.open answers view_too_large past 250 kB. */
export const VIEW_BYTES = 250_000;

/** Message text: Slack truncates past 40,000 characters and says so; it has long asked to keep messages under 4,000. */
export const MESSAGE_TEXT = { truncateAt: 40_000, advisedMax: 4_000 } as const;
