/**
 * Text and byte inputs (UI.md §3.2): a string is one line, or several when its template has a
 * line break or is longer than 80 characters; bytes are a hex field validated while typing.
 */
import { useId } from 'react';
import { messages } from '../../messages';
import { parseHexText, spacedHex } from './hexText';
import { useDraftText, type TextCodec } from './useDraftText';
import './value.css';

const t = messages.device.form;

/** UI.md §3.2: a template longer than this gets a multi-line field. */
const MULTILINE_CHARS = 80;

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

const HEX_TEXT: TextCodec<string> = {
  format: spacedHex,
  parse: parseHexText,
  same: (parsed, hex) => parsed === hex,
};

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
  const { text, parsed, error, type } = useDraftText(hex, HEX_TEXT, issueKey, onChange);
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
        onChange={(e) => type(e.target.value)}
      />
      <span id={`${id}-hint`} className={error ? 'pf-error' : 'pf-hint'}>
        {error ?? messages.device.value.bytes(parsed.ok ? parsed.value.length / 2 : 0)}
      </span>
    </span>
  );
}
