/**
 * Search in the monitor's output (UI.md §3.9): Enter and Shift+Enter step through the matches
 * ("3 of 12"), Esc closes it.
 */
import type { Ref } from 'react';
import { messages } from '../../messages';

export function SerialSearch({
  inputRef,
  query,
  at,
  total,
  onQuery,
  onStep,
  onClose,
}: {
  inputRef: Ref<HTMLInputElement>;
  query: string;
  /** 1-based position of the current match; 0 when none. */
  at: number;
  total: number;
  onQuery(q: string): void;
  onStep(delta: 1 | -1): void;
  onClose(): void;
}) {
  const t = messages.serial;
  return (
    <div className="serial-search" role="search">
      <input
        ref={inputRef}
        autoFocus
        className="field"
        type="search"
        aria-label={t.searchLabel}
        placeholder={t.searchPlaceholder}
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            onStep(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            onClose();
          }
        }}
      />
      <span className="muted serial-search-count" aria-live="polite">
        {query.trim() ? t.searchCount(at, total) : ''}
      </span>
      <button
        type="button"
        className="btn"
        aria-label={t.searchPrevious}
        disabled={!total}
        onClick={() => onStep(-1)}
      >
        ↑
      </button>
      <button
        type="button"
        className="btn"
        aria-label={t.searchNext}
        disabled={!total}
        onClick={() => onStep(1)}
      >
        ↓
      </button>
      <button type="button" className="btn btn-quiet" aria-label={t.searchClose} onClick={onClose}>
        ×
      </button>
    </div>
  );
}
