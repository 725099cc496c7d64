// Slack's documented Block Kit limits, checked the way Slack would refuse a payload. No npm package does this at run time.

type Json = Record<string, unknown>;

const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  optionText: 75,
  optionValue: 150,
  staticOptions: 100,
  actionsElements: 25,
  contextElements: 10,
  actionId: 255,
  blockId: 255,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  viewBytes: 250_000,
  inputLabel: 2000,
  messageText: 40_000,
} as const;

function textOf(t: unknown): string {
  return t && typeof t === 'object' && typeof (t as Json).text === 'string' ? ((t as Json).text as string) : '';
}

function checkElement(el: Json, where: string, out: string[]): void {
  if (typeof el.action_id === 'string' && el.action_id.length > LIMITS.actionId) out.push(`${where}: action_id longer than ${LIMITS.actionId}`);
  if (el.type === 'button') {
    if (textOf(el.text).length > LIMITS.buttonText) out.push(`${where}: button text longer than ${LIMITS.buttonText}`);
    if (!textOf(el.text)) out.push(`${where}: button without text`);
  }
  const options = (el.options as Json[] | undefined) ?? [];
  if (el.type === 'static_select' || el.type === 'multi_static_select') {
    if (!options.length && !el.option_groups) out.push(`${where}: select without options`);
    if (options.length > LIMITS.staticOptions) out.push(`${where}: more than ${LIMITS.staticOptions} options`);
  }
  for (const o of [...options, ...((el.initial_options as Json[] | undefined) ?? [])]) {
    if (textOf(o.text).length > LIMITS.optionText) out.push(`${where}: option text longer than ${LIMITS.optionText}`);
    if (typeof o.value === 'string' && o.value.length > LIMITS.optionValue) out.push(`${where}: option value longer than ${LIMITS.optionValue}`);
  }
}

export function checkBlocks(blocks: unknown, max: number, surface: string): string[] {
  const out: string[] = [];
  if (blocks === undefined) return out;
  if (!Array.isArray(blocks)) return [`${surface}: blocks must be an array`];
  if (blocks.length > max) out.push(`${surface}: ${blocks.length} blocks, at most ${max}`);
  const ids = new Set<string>();
  blocks.forEach((b: Json, i) => {
    const where = `${surface} block ${i} (${String(b.type)})`;
    if (typeof b.block_id === 'string') {
      if (b.block_id.length > LIMITS.blockId) out.push(`${where}: block_id longer than ${LIMITS.blockId}`);
      if (ids.has(b.block_id)) out.push(`${where}: duplicate block_id ${b.block_id}`);
      ids.add(b.block_id);
    }
    switch (b.type) {
      case 'section': {
        if (textOf(b.text).length > LIMITS.sectionText) out.push(`${where}: text longer than ${LIMITS.sectionText}`);
        const fields = (b.fields as Json[] | undefined) ?? [];
        if (fields.length > LIMITS.sectionFields) out.push(`${where}: more than ${LIMITS.sectionFields} fields`);
        fields.forEach((f) => textOf(f).length > LIMITS.fieldText && out.push(`${where}: field longer than ${LIMITS.fieldText}`));
        if (!b.text && !fields.length) out.push(`${where}: section needs text or fields`);
        if (b.accessory) checkElement(b.accessory as Json, where, out);
        break;
      }
      case 'header':
        if (textOf(b.text).length > LIMITS.headerText) out.push(`${where}: header longer than ${LIMITS.headerText}`);
        break;
      case 'actions': {
        const els = (b.elements as Json[] | undefined) ?? [];
        if (!els.length || els.length > LIMITS.actionsElements) out.push(`${where}: 1 to ${LIMITS.actionsElements} elements`);
        els.forEach((e) => checkElement(e, where, out));
        break;
      }
      case 'context': {
        const els = (b.elements as Json[] | undefined) ?? [];
        if (!els.length || els.length > LIMITS.contextElements) out.push(`${where}: 1 to ${LIMITS.contextElements} elements`);
        break;
      }
      case 'input':
        if (!textOf(b.label)) out.push(`${where}: input needs a label`);
        if (textOf(b.label).length > LIMITS.inputLabel) out.push(`${where}: label longer than ${LIMITS.inputLabel}`);
        if (b.element) checkElement(b.element as Json, where, out);
        if (surface === 'message') out.push(`${where}: input blocks belong in views`);
        break;
      case 'divider':
      case 'image':
      case 'rich_text':
        break;
      default:
        out.push(`${where}: unknown block type`);
    }
  });
  return out;
}

export function checkMessage(args: Json): string[] {
  const out = checkBlocks(args.blocks, LIMITS.messageBlocks, 'message');
  if (!args.text && !args.blocks) out.push('message: text or blocks required');
  if (typeof args.text === 'string' && args.text.length > LIMITS.messageText) out.push('message: text too long');
  return out;
}

export function checkView(view: Json): string[] {
  const surface = view.type === 'home' ? 'home' : 'modal';
  const out = checkBlocks(view.blocks, LIMITS.viewBlocks, surface);
  if (surface === 'modal') {
    const title = textOf(view.title);
    if (!title) out.push('modal: title required');
    if (title.length > LIMITS.viewTitle) out.push(`modal: title "${title}" longer than ${LIMITS.viewTitle}`);
    for (const k of ['submit', 'close'] as const) {
      if (view[k] && textOf(view[k]).length > LIMITS.viewButton) out.push(`modal: ${k} longer than ${LIMITS.viewButton}`);
    }
    const hasInput = ((view.blocks as Json[] | undefined) ?? []).some((b) => b.type === 'input');
    if (hasInput && !view.submit) out.push('modal: input blocks need a submit button');
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > LIMITS.privateMetadata) {
    out.push(`${surface}: private_metadata longer than ${LIMITS.privateMetadata}`);
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > LIMITS.callbackId) out.push(`${surface}: callback_id too long`);
  if (JSON.stringify(view).length > LIMITS.viewBytes) out.push(`${surface}: larger than ${LIMITS.viewBytes} bytes`);
  return out;
}

export { LIMITS };
