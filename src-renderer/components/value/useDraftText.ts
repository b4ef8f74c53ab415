/**
 * The text of a field that edits a value by typing (a number, hex bytes): what is typed stays in
 * the field while it is not a value yet ("12.", "ab c") and is reported as the form's issue; a
 * new value from outside ("Use it", a stepper press) replaces it unless the text already says it.
 */
import { useState } from 'react';
import { useIssue } from './formIssues';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export interface TextCodec<T> {
  format(v: T): string;
  parse(text: string): Parsed<T>;
  /** Whether a parsed text already says `v` (then it is left as typed). */
  same(parsed: T, v: T): boolean;
}

export interface DraftText<T> {
  text: string;
  parsed: Parsed<T>;
  /** The reason the text is not a value yet, or null. */
  error: string | null;
  /** The user typed `next`: keep it, and pass its value on when it is one. */
  type(next: string): void;
}

export function useDraftText<T>(
  value: T,
  codec: TextCodec<T>,
  issueKey: string,
  onChange: (v: T) => void,
): DraftText<T> {
  const [text, setText] = useState(() => codec.format(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    const typed = codec.parse(text);
    if (!typed.ok || !codec.same(typed.value, value)) setText(codec.format(value));
  }
  const parsed = codec.parse(text);
  const error = parsed.ok ? null : parsed.message;
  useIssue(issueKey, error);
  const type = (next: string): void => {
    setText(next);
    const p = codec.parse(next);
    if (p.ok) onChange(p.value);
  };
  return { text, parsed, error, type };
}
