// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { Draft } from '../../model/pson';
import { ValueEditor } from './ValueEditor';
import type { Value } from '../../model/pson';

/** The editor with its draft held like the store holds it; `latest()` is what Send would send. */
function setup(template: Value) {
  const seen: { draft: Draft; ok: boolean } = { draft: { value: template }, ok: true };
  function Host() {
    const [draft, setDraft] = useState<Draft>({ value: template });
    seen.draft = draft;
    return (
      <ValueEditor
        draft={draft}
        template={template}
        label="res"
        onDraft={setDraft}
        onValidity={(ok) => (seen.ok = ok)}
      />
    );
  }
  render(<Host />);
  return { latest: () => seen.draft.value, ok: () => seen.ok, draft: () => seen.draft };
}

const retype = async (box: HTMLElement, text: string): Promise<void> => {
  await userEvent.clear(box);
  if (text) await userEvent.type(box, text);
};

describe('forms generated from the template, per PSON shape', () => {
  it('integer: a stepper with step 1; decimals are still accepted', async () => {
    const f = setup(21);
    const box = screen.getByRole('textbox', { name: 'res' });
    expect((box as HTMLInputElement).value).toBe('21');
    await userEvent.click(screen.getByRole('button', { name: 'Increase res' }));
    expect(f.latest()).toBe(22);
    expect((box as HTMLInputElement).value).toBe('22');
    await retype(box, '21.5');
    expect(f.latest()).toBe(21.5);
    await userEvent.keyboard('{ArrowDown}');
    expect(f.latest()).toBe(20.5);
  });

  it('float: the step follows the template decimals', async () => {
    const f = setup(21.5);
    await userEvent.click(screen.getByRole('button', { name: 'Increase res' }));
    expect(f.latest()).toBe(21.6);
    await userEvent.click(screen.getByRole('button', { name: 'Decrease res' }));
    await userEvent.click(screen.getByRole('button', { name: 'Decrease res' }));
    expect(f.latest()).toBe(21.4);
  });

  it('a number that is not one yet keeps the typed text and holds back Send', async () => {
    const f = setup(1.5);
    const box = screen.getByRole('textbox', { name: 'res' });
    await retype(box, '12abc');
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect((box as HTMLInputElement).value).toBe('12abc');
    expect(f.ok()).toBe(false);
    expect(f.latest()).toBe(12);
    await retype(box, 'NaN');
    expect(f.latest()).toEqual({ $double: 'NaN' });
    expect(f.ok()).toBe(true);
  });

  it('bigint: digits stay exact beyond 2^53 and step as integers', async () => {
    const f = setup({ $bigint: '9223372036854775808' });
    const box = screen.getByRole('textbox', { name: 'res' });
    expect((box as HTMLInputElement).value).toBe('9223372036854775808');
    await userEvent.click(screen.getByRole('button', { name: 'Increase res' }));
    expect(f.latest()).toEqual({ $bigint: '9223372036854775809' });
    await retype(box, '42');
    expect(f.latest()).toBe(42);
  });

  it('boolean: a switch named after the field', async () => {
    const f = setup({ enabled: false });
    const sw = screen.getByRole('switch', { name: 'enabled' });
    expect(sw.getAttribute('aria-checked')).toBe('false');
    await userEvent.click(sw);
    expect(f.latest()).toEqual({ enabled: true });
    expect(screen.getByRole('switch', { name: 'enabled' }).getAttribute('aria-checked')).toBe(
      'true',
    );
  });

  it('string: one line, or several when the template has a line break or is long', async () => {
    const f = setup({ cmd: 'ls', script: 'a\nb', note: 'n'.repeat(81) });
    const cmd = screen.getByRole('textbox', { name: 'cmd' });
    expect(cmd.tagName).toBe('INPUT');
    expect(screen.getByRole('textbox', { name: 'script' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('textbox', { name: 'note' }).tagName).toBe('TEXTAREA');
    await retype(cmd, 'uptime');
    expect(f.latest()).toMatchObject({ cmd: 'uptime' });
  });

  it('bytes: a hex field validated while typing', async () => {
    const f = setup({ $bytes: '00ff' });
    const box = screen.getByRole('textbox', { name: 'res' });
    expect((box as HTMLInputElement).value).toBe('00 ff');
    await retype(box, 'de:ad be');
    expect(box.getAttribute('aria-invalid')).toBeNull();
    expect(f.latest()).toEqual({ $bytes: 'deadbe' });
    expect(screen.getByText('3 bytes')).toBeTruthy();
    await retype(box, 'dex');
    expect(screen.getByText('"x" is not a hex digit (0–9, a–f)')).toBeTruthy();
    expect(f.ok()).toBe(false);
    await retype(box, 'abc');
    expect(screen.getByText(/odd number of hex digits/)).toBeTruthy();
  });

  it('map: one field per template key, in the device order', async () => {
    const f = setup({ text: 'hello', seconds: 5 });
    const boxes = screen.getAllByRole('textbox').map((b) => b.getAttribute('aria-label'));
    expect(boxes).toEqual(['text', 'seconds']);
    await retype(screen.getByRole('textbox', { name: 'seconds' }), '30');
    expect(f.latest()).toEqual({ text: 'hello', seconds: 30 });
    expect(Object.keys(f.latest() as object)).toEqual(['text', 'seconds']);
  });

  it('array: rows are added (copying the last row’s shape) and removed', async () => {
    const f = setup({ tags: ['indoor', 'floor2'], levels: [1, 2] });
    await userEvent.click(screen.getAllByRole('button', { name: 'Add row' })[0]!);
    expect(f.latest()).toEqual({ tags: ['indoor', 'floor2', ''], levels: [1, 2] });
    await userEvent.click(screen.getAllByRole('button', { name: 'Add row' })[1]!);
    expect(f.latest()).toEqual({ tags: ['indoor', 'floor2', ''], levels: [1, 2, 0] });
    await userEvent.click(screen.getByRole('button', { name: 'Remove tags[0]' }));
    expect(f.latest()).toEqual({ tags: ['floor2', ''], levels: [1, 2, 0] });
  });

  it('nested: inner maps are fieldsets named by their key, deeper ones collapse', async () => {
    const f = setup({ data: { hum: 55, deep: { deeper: { x: 1 } } } });
    const data = screen.getByRole('group', { name: 'data' });
    await retype(within(data).getByRole('textbox', { name: 'hum' }), '60');
    expect(f.latest()).toEqual({ data: { hum: 60, deep: { deeper: { x: 1 } } } });
    expect(screen.getByText('data.deep.deeper')).toBeTruthy();
  });

  it('null template: a JSON editor with the sentence, errors at line and column', async () => {
    const f = setup(null);
    expect(screen.getByText('The device gave no template: type a JSON value.')).toBeTruthy();
    const box = screen.getByRole('textbox', { name: 'res as JSON' });
    fireEvent.change(box, { target: { value: '{\n  "a": 1,\n  "b": }' } });
    expect(screen.getByText(/^Line 3, column 8: unexpected "}"/)).toBeTruthy();
    expect(f.ok()).toBe(false);
    fireEvent.change(box, { target: { value: '{"a": {"$bytes": "0g"}}' } });
    expect(
      screen.getByText('Line 1, column 7: $bytes must be a string of hex digits'),
    ).toBeTruthy();
    fireEvent.change(box, { target: { value: '{"a": {"$bigint": "18446744073709551615"}}' } });
    expect(f.ok()).toBe(true);
    expect(f.latest()).toEqual({ a: { $bigint: '18446744073709551615' } });
  });

  it('Edit as JSON keeps the typed text in the draft, and back to the form', async () => {
    const f = setup({ n: 1 });
    await userEvent.click(screen.getByRole('button', { name: 'Edit as JSON' }));
    const box = screen.getByRole('textbox', { name: 'res as JSON' });
    fireEvent.change(box, { target: { value: '{"n": 2' } });
    expect(f.draft().text).toBe('{"n": 2');
    expect(screen.queryByRole('button', { name: 'Edit as form' })).toBeNull();
    fireEvent.change(box, { target: { value: '{"n": 2, "m": true}' } });
    await userEvent.click(screen.getByRole('button', { name: 'Edit as form' }));
    expect(f.draft()).toEqual({ value: { n: 2, m: true } });
    expect(screen.getByRole('switch', { name: 'm' })).toBeTruthy();
  });
});
