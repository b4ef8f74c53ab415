/**
 * Mod+A in the serial output selects the whole buffer, not only the rows on screen: the copy that
 * follows takes `wholeText()`. A click starts an ordinary selection again.
 */
import { useRef, type ClipboardEvent, type KeyboardEvent } from 'react';

export function useWholeSelection(wholeText: () => string) {
  const wholeSelected = useRef(false);
  return {
    onMouseDown: (): void => {
      wholeSelected.current = false;
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>): void => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
        e.preventDefault();
        const range = document.createRange();
        range.selectNodeContents(e.currentTarget);
        const sel = window.getSelection();
        sel?.removeAllRanges();
        sel?.addRange(range);
        wholeSelected.current = true;
      }
    },
    onCopy: (e: ClipboardEvent<HTMLElement>): void => {
      if (!wholeSelected.current) return;
      e.preventDefault();
      e.clipboardData.setData('text/plain', wholeText());
    },
  };
}
