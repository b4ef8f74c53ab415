/** Find in frames (Mod+F): jumps between matching rows without hiding the others. */
import type { Ref } from 'react';
import { messages } from '../../messages';

const t = messages.inspector.find;

const STEPS = [
  { step: -1, glyph: '↑', label: t.previous },
  { step: 1, glyph: '↓', label: t.next },
] as const;

export function FindBar({
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
  /** 1-based position of the selected match; 0 when the selection is not a match. */
  at: number;
  total: number;
  onQuery(q: string): void;
  onStep(step: 1 | -1): void;
  onClose(): void;
}) {
  return (
    <div className="find-bar row" role="search" aria-label={t.label}>
      <input
        ref={inputRef}
        type="search"
        className="field"
        aria-label={t.label}
        placeholder={t.placeholder}
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') onStep(e.shiftKey ? -1 : 1);
          else if (e.key === 'Escape') onClose();
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      />
      <span className="muted find-count" aria-live="polite">
        {query.trim() ? t.matches(at, total) : ''}
      </span>
      {STEPS.map(({ step, glyph, label }) => (
        <button
          key={step}
          type="button"
          className="btn"
          aria-label={label}
          title={label}
          disabled={total === 0}
          onClick={() => onStep(step)}
        >
          {glyph}
        </button>
      ))}
      <button type="button" className="btn btn-quiet" aria-label={t.close} onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
