// Issue 11, as a person sees it: an English speaker types /contract new and a form opens; and when Slack still refuses
// a form, the person is told so in their language instead of seeing nothing.
import { describe, expect, it } from 'vitest';
import { t } from '../../src/slack/i18n.js';
import { effectiveFramework } from '../helpers/flows.js';
import { eventually, homeButton, nextEphemeral, U, useSlackApp } from '../helpers/slack.js';

const s = useSlackApp();
const EN = U.approver; // en-US in the emulator's directory
const ZH = U.requester; // zh-CN

/** The modal this person has open, as text. */
const openModal = (user: string) => JSON.stringify(s.emu.openView(user)?.view ?? null);

describe('/contract new', () => {
  it('opens the new-contract form for an English-speaking person', async () => {
    await s.workspace();
    await s.emu.closeView(EN);
    expect((await s.emu.command(EN, 'new')).status).toBe(200);
    await eventually(() => s.emu.openView(EN), 'the new-contract modal');
    const modal = openModal(EN);
    expect(modal).toContain('"New contract"');
    expect(modal).toContain('Both sign: an enterprise with its e-seal, a person with a signature');
    expect(modal).toContain('An enterprise choosing the dual e-seal activates e-sign first.');
  });

  it('opens it for a Chinese-speaking person too', async () => {
    await s.workspace();
    await s.emu.closeView(ZH);
    await s.emu.command(ZH, 'new');
    await eventually(() => s.emu.openView(ZH), 'the new-contract modal');
    expect(openModal(ZH)).toContain('双方签署：企业用电子印章，个人用签名');
  });
});

describe('when Slack refuses a form', () => {
  it('tells an English speaker, who typed /contract new, in English', async () => {
    await s.workspace();
    await s.emu.closeView(EN);
    s.emu.failures.set('views.open', { error: 'invalid_arguments', times: 1 });
    const answer = await nextEphemeral(s.emu, EN, () => s.emu.command(EN, 'new'));
    expect(answer.text).toBe(t('viewRefused', 'en'));
    expect(answer.text).toContain('Slack refused to show this form; the team has been told.');
    expect(s.emu.openView(EN)).toBeUndefined();
  });

  it('tells a Chinese speaker who pressed "New contract" on the Home tab, in Chinese', async () => {
    await s.workspace();
    await s.emu.closeView(ZH);
    s.emu.failures.set('views.open', { error: 'invalid_arguments', times: 1 });
    const answer = await nextEphemeral(s.emu, ZH, () => s.emu.clickAction(ZH, { home: true }, { actionId: 'home:new', value: 'new' }));
    expect(answer.text).toContain('Slack 拒绝显示此表单');
  });

  it('replaces the loading form with the explanation when the real form is refused, and tells the person', async () => {
    const acc = await s.workspace();
    const f = await effectiveFramework(s.db, acc);
    const paper = await homeButton(s.emu, ZH, 'act:requestPaper', f.id);
    await s.emu.closeView(ZH);
    s.emu.failures.set('views.update', { error: 'invalid_arguments', times: 1 });
    const answer = await nextEphemeral(s.emu, ZH, () => s.emu.clickAction(ZH, { home: true }, paper));
    expect(answer.text).toBe(t('viewRefused', 'zh'));
    await eventually(() => openModal(ZH).includes('Slack 拒绝显示此表单'), 'the loading modal replaced by the explanation');
    expect(openModal(ZH)).not.toContain('加载中');
  });

  it('a refused view is answered as Slack answers it: invalid_arguments and a JSON pointer to the field', async () => {
    const r = await fetch(`${s.emu.apiUrl}views.publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test' },
      body: JSON.stringify({ user_id: EN, view: { type: 'home', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] } }),
    });
    expect(await r.json()).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 151 characters [json-pointer:/view/blocks/0/text/text]'] },
    });
    s.emu.violations.length = 0; // refused on purpose
  });

  it('tells the person by DM when their Home tab is refused', async () => {
    await s.workspace();
    s.emu.failures.set('views.publish', { error: 'invalid_arguments', times: 1 });
    await s.emu.openHome(EN);
    await eventually(() => s.emu.messages(s.emu.dmChannel(EN)).at(-1)?.text === t('homeRefused', 'en'), 'a DM saying the Home tab was refused');
  });
});
