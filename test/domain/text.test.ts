// The free-text policy, per field kind: what is kept, what is stripped, what is refused and named.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, stripUnprintable } from '../../src/domain/text.js';
import { screenViewState } from '../../src/slack/input-guard.js';

const refusedChar = (s: string, kind: 'line' | 'lines') => {
  const r = cleanText(s, kind);
  return r.ok ? null : r.char;
};

describe('cleanText', () => {
  it('strips whitespace at either end, tabs and line breaks included', () => {
    expect(cleanText(' \t李雷\t\r\n', 'line')).toEqual({ ok: true, value: '李雷' });
    expect(cleanText('\u00a0北京市\u3000', 'line')).toEqual({ ok: true, value: '北京市' });
  });

  it('keeps line breaks inside several lines, as LF', () => {
    expect(cleanText('第一行\r\n第二行\r第三行\u2028第四行\n', 'lines')).toEqual({ ok: true, value: '第一行\n第二行\n第三行\n第四行' });
  });

  it('refuses controls inside the text and names the first one', () => {
    expect(refusedChar('a\u0000b', 'line')).toBe('U+0000');
    expect(refusedChar('a\u0000b', 'lines')).toBe('U+0000');
    expect(refusedChar('a\tb', 'line')).toBe('U+0009');
    expect(refusedChar('a\tb', 'lines')).toBe('U+0009');
    expect(refusedChar('a\nb', 'line')).toBe('U+000A');
    expect(refusedChar('a\u2028b', 'line')).toBe('U+2028');
    expect(refusedChar('a\u007fb', 'line')).toBe('U+007F');
    expect(refusedChar('a\u0085b', 'lines')).toBe('U+0085');
    expect(refusedChar('a\u009fb', 'line')).toBe('U+009F');
  });

  it('refuses bidi overrides and isolates, and unpaired surrogates', () => {
    expect(refusedChar('HT-2026-\u202e100000', 'line')).toBe('U+202E');
    expect(refusedChar('\u2066x\u2069', 'line')).toBe('U+2066');
    expect(refusedChar('x\ud800', 'line')).toBe('U+D800');
    expect(refusedChar('\udc00x', 'lines')).toBe('U+DC00');
  });

  it('keeps emoji sequences, CJK, accents and zero-width joiners', () => {
    for (const s of ['👨‍👩‍👧 家庭', '❤️', 'Zoë Ørsted', 'क्‍ष', '😀'.repeat(100)]) expect(cleanText(s, 'line')).toEqual({ ok: true, value: s });
  });

  it('answers in both languages', () => {
    const r = cleanText('x\u0000', 'line');
    expect(r.ok ? null : r.error.message).toEqual({
      zh: '含有无法保存的控制字符或不可见字符（U+0000），请删除后重新输入',
      en: 'Contains a control or invisible character (U+0000) that cannot be saved; remove it and try again',
    });
  });

  it('never lets a refused character through, whatever the input', () => {
    const controls = fc.constantFrom('\u0000', '\t', '\n', '\r', '\u0085', '\u202e', '\ud800', '\udc00', '\u2028');
    const unit = fc.oneof(controls, fc.string({ unit: 'grapheme', maxLength: 2 }));
    const bad = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u; // eslint-disable-line no-control-regex
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 20 }), fc.constantFrom('line' as const, 'lines' as const), (s, kind) => {
        const r = cleanText(s, kind);
        if (!r.ok) return;
        expect(r.value).not.toMatch(bad);
        expect(r.value).toBe(r.value.trim());
        expect(r.value).not.toMatch(/[\ud800-\udfff]/u); // no unpaired surrogate
        if (kind === 'line') expect(r.value).not.toMatch(/[\n\u2028\u2029]/);
      }),
    );
  });
});

describe('stripUnprintable (search queries)', () => {
  it('drops what cleanText would refuse', () => {
    expect(stripUnprintable('HT\u0000-2026\u202e-\ud800000001')).toBe('HT-2026-000001');
  });
});

describe('screenViewState', () => {
  const blocks = [{ type: 'input', block_id: 'reason', element: { type: 'plain_text_input', action_id: 'reason', multiline: true } }];
  it('cleans every typed or picked string and refuses by block, leaving the input untouched', () => {
    const values = {
      reason: { reason: { type: 'plain_text_input', value: '第一行\r\n第二行 ' } },
      contact_name: { contact_name: { type: 'plain_text_input', value: '李雷\t' } },
      items: { items: { type: 'multi_external_select', selected_options: [{ value: 'O-1' }, { value: 'O\u0000-2' }] } },
      signer_user: { signer_user: { type: 'users_select', selected_user: 'U1\u202e' } },
    };
    const copy = structuredClone(values);
    const r = screenViewState(values, blocks);
    expect(values).toEqual(copy);
    expect(r.values).toMatchObject({ reason: { reason: { value: '第一行\n第二行' } }, contact_name: { contact_name: { value: '李雷' } } });
    expect(Object.keys(r.refused).sort()).toEqual(['items', 'signer_user']);
  });

  it('treats a field of a view without blocks (forged) as one line', () => {
    const r = screenViewState({ reason: { reason: { value: 'a\nb' } } }, undefined);
    expect(r.refused.reason?.params.char).toBe('U+000A');
  });

  it('takes any JSON without throwing', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (v, b) => void screenViewState(v, b)));
  });
});
