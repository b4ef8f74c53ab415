/** A status as glyph + word, never colour alone (UI.md §1). */
import { messages } from '../messages';

export type Status = 'online' | 'quiet' | 'offline' | 'unknown' | 'warning' | 'failed';

const glyphs: Record<Status, string> = {
  online: '●',
  quiet: '◐',
  offline: '○',
  unknown: '◌',
  warning: '▲',
  failed: '✕',
};

export function StatusGlyph({ status, word = true }: { status: Status; word?: boolean }) {
  return (
    <span className={`status status-${status}`}>
      <span aria-hidden="true">{glyphs[status]}</span>
      {word ? <span className="status-word">{messages.common.status[status]}</span> : null}
    </span>
  );
}

export const statusGlyph = (status: Status): string => glyphs[status];
