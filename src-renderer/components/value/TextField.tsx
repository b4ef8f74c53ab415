/**
 * Text and byte inputs (UI.md §3.2): a string is one line, or several when its template has a
 * line break or is longer than 80 characters; bytes are a hex field validated while typing.
 */
import { useId, useState } from 'react';
import { messages } from '../../messages';
import { useIssue } from './formIssues';
import { spacedHex } from './TextValue';
import './value.css';

const t = messages.device.form;

/** UI.md §3.2: a template longer than this gets a multi-line field. */
export const MULTILINE_CHARS = 80;

export const wantsMultiline = (template: string): boolean =>
  template.includes('\n') || template.length > MULTILINE_CHARS;

export function StringField({
  value,
  onChange,
  label,
  multiline,
  disabled,
  onCommit,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  multiline: boolean;
  disabled?: boolean;
  onCommit?: () => void;
}) {
  if (multiline)
    return (
      <textarea
        className="field pf-text"
        aria-label={label}
        rows={Math.min(8, Math.max(3, value.split('\n').length))}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  return (
    <input
      className="field pf-text"
      type="text"
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && onCommit) {
          e.preventDefault();
          onCommit();
        }
      }}
    />
  );
}

/** Hex as people paste it ("01 ff", "0x01ff", "01:ff") → `{ok, hex}` or the reason. */
export function parseHexText(
  text: string,
): { ok: true; hex: string } | { ok: false; message: string } {
  const digits = text
    .trim()
    .replace(/^0x/i, '')
    .replace(/[\s:,-]/g, '');
  const bad = /[^0-9a-f]/i.exec(digits);
  if (bad) return { ok: false, message: t.notHex(bad[0]) };
  if (digits.length % 2) return { ok: false, message: t.oddHex };
  return { ok: true, hex: digits.toLowerCase() };
}

export function BytesField({
  hex,
  onChange,
  label,
  issueKey,
  disabled,
}: {
  hex: string;
  onChange: (hex: string) => void;
  label: string;
  issueKey: string;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState(() => spacedHex(hex));
  const [seen, setSeen] = useState(hex);
  if (seen !== hex) {
    setSeen(hex);
    const parsed = parseHexText(text);
    if (!parsed.ok || parsed.hex !== hex) setText(spacedHex(hex));
  }
  const parsed = parseHexText(text);
  const error = parsed.ok ? null : parsed.message;
  useIssue(issueKey, error);
  return (
    <span className="pf-bytes">
      <input
        className="field pf-text mono"
        type="text"
        spellCheck={false}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-hint`}
        placeholder={t.hexHint}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          const p = parseHexText(e.target.value);
          if (p.ok) onChange(p.hex);
        }}
      />
      <span id={`${id}-hint`} className={error ? 'pf-error' : 'pf-hint'}>
        {error ?? messages.device.value.bytes(parsed.ok ? parsed.hex.length / 2 : 0)}
      </span>
    </span>
  );
}
