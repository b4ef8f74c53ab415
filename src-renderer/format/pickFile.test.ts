// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JSON_FILES, pickTextFile } from './pickFile';

/** Runs pickTextFile and "picks" `files` in the input it opens (jsdom has no picker). */
function pick(files: File[], onText: (t: string) => unknown, onError: (e: unknown) => void) {
  const click = vi.spyOn(HTMLInputElement.prototype, 'click').mockImplementation(() => {});
  pickTextFile(JSON_FILES, onText, onError);
  const input = click.mock.contexts.at(-1) as HTMLInputElement | undefined;
  if (!input) throw new Error('no picker opened');
  Object.defineProperty(input, 'files', { value: files });
  input.onchange?.(new Event('change'));
  return input;
}

describe('pickTextFile', () => {
  afterEach(() => vi.restoreAllMocks());

  it('opens a picker for the given types and hands on the picked file’s text', async () => {
    const onText = vi.fn();
    const onError = vi.fn();
    const input = pick([new File(['{"a":1}'], 'plan.json')], onText, onError);
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.json,application/json');
    await vi.waitFor(() => expect(onText).toHaveBeenCalledWith('{"a":1}'));
    expect(onError).not.toHaveBeenCalled();
  });

  it('does nothing when no file was picked', async () => {
    const onText = vi.fn();
    const onError = vi.fn();
    pick([], onText, onError);
    await new Promise((r) => setTimeout(r, 20));
    expect(onText).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('reports a failure of onText, thrown or rejected, instead of losing it', async () => {
    const onError = vi.fn();
    pick([new File(['x'], 'a.json')], () => Promise.reject(new Error('refused')), onError);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(new Error('refused')));
    const onError2 = vi.fn();
    pick(
      [new File(['x'], 'a.json')],
      () => {
        throw new Error('bad');
      },
      onError2,
    );
    await vi.waitFor(() => expect(onError2).toHaveBeenCalledWith(new Error('bad')));
  });
});
