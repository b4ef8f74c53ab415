/**
 * Raw JSON editing (UI.md §3.2 "JSON editing"): the `$bytes` / `$bigint` / `$double` forms of
 * the golden vectors, and parse errors with line and column. `JsonField` is controlled by its
 * text (drafts keep invalid text too); `InlineJsonField` holds its own text inside a form.
 */
import { useId, useState } from 'react';
import { messages } from '../../messages';
import { useIssue } from './formIssues';
import { parseValueText, type ParseResult } from './parseValueText';
import { jsonText, valuesEqual, type Value } from '../../model/pson';
import './value.css';

const jsonError = (r: ParseResult): string | null =>
  r.ok ? null : messages.device.json.at(r.line, r.column, r.message);

export function JsonField({
  text,
  onText,
  label,
  issueKey,
  hint,
  disabled,
  rows = 6,
}: {
  text: string;
  /** Every keystroke; `value` is set when the text parses. */
  onText: (text: string, value: Value | undefined) => void;
  label: string;
  issueKey: string;
  hint?: string;
  disabled?: boolean;
  rows?: number;
}) {
  const id = useId();
  const error = jsonError(parseValueText(text));
  useIssue(issueKey, error);
  return (
    <span className="pf-json-wrap">
      {hint ? (
        <span id={`${id}-hint`} className="pf-hint">
          {hint}
        </span>
      ) : null}
      <textarea
        className="field pf-json"
        spellCheck={false}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].join(' ').trim() || undefined
        }
        rows={rows}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          const r = parseValueText(e.target.value);
          onText(e.target.value, r.ok ? r.value : undefined);
        }}
      />
      {error ? (
        <span id={`${id}-error`} className="pf-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}

export function InlineJsonField({
  value,
  onChange,
  label,
  issueKey,
  hint,
  disabled,
}: {
  value: Value;
  onChange: (v: Value) => void;
  label: string;
  issueKey: string;
  hint?: string;
  disabled?: boolean;
}) {
  const [text, setText] = useState(() => jsonText(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    const r = parseValueText(text);
    if (!r.ok || !valuesEqual(r.value, value)) setText(jsonText(value));
  }
  return (
    <JsonField
      text={text}
      label={label}
      issueKey={issueKey}
      hint={hint}
      disabled={disabled}
      rows={2}
      onText={(next, v) => {
        setText(next);
        if (v !== undefined) onChange(v);
      }}
    />
  );
}
