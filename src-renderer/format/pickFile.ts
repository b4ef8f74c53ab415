/** Opening what the technician picks: the counterpart of download.ts (UI.md §4: import a file). */

/** What the JSON pickers accept (plans, site exports). */
export const JSON_FILES = '.json,application/json';

/**
 * Opens the file picker for one file of `accept` and hands its text to `onText`. Nothing happens
 * when the picker is cancelled; a file that cannot be read, or `onText` failing (also by a
 * rejected promise), goes to `onError`.
 */
export function pickTextFile(
  accept: string,
  onText: (text: string) => unknown,
  onError: (e: unknown) => void,
): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = accept;
  input.onchange = () => {
    const f = input.files?.[0];
    if (!f) return;
    f.text().then(onText).catch(onError);
  };
  input.click();
}
