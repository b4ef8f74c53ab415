/**
 * Strings and byte strings (UI.md §3.2): text truncated after 3 lines with "Show all", an empty
 * string distinct from null; bytes as hex with their length and Copy.
 */
import { useState } from 'react';
import { messages } from '../../messages';
import { CopyButton } from '../CopyButton';
import { spacedHex } from './hexText';

const t = messages.device.value;

/** Text longer than this (or with more than 3 lines) starts truncated. */
const LONG_TEXT_CHARS = 240;
/** Bytes shown before "Show all". */
const BYTES_SHOWN = 64;

export function StringValue({ value }: { value: string }) {
  const [all, setAll] = useState(false);
  if (value === '') return <span className="pv-none muted">{t.emptyText}</span>;
  const long = value.length > LONG_TEXT_CHARS || value.split('\n').length > 3;
  return (
    <span className="pv-string-wrap">
      <span className={long && !all ? 'pv-string pv-clamped' : 'pv-string'}>{value}</span>
      {long ? (
        <button type="button" className="btn btn-quiet pv-more" onClick={() => setAll(!all)}>
          {all ? t.showLess : t.showAll}
        </button>
      ) : null}
    </span>
  );
}

export function BytesValue({ hex }: { hex: string }) {
  const [all, setAll] = useState(false);
  const length = hex.length / 2;
  const long = length > BYTES_SHOWN;
  const shown = long && !all ? hex.slice(0, BYTES_SHOWN * 2) : hex;
  return (
    <span className="pv-bytes">
      <span className="mono pv-hex">
        {spacedHex(shown)}
        {long && !all ? ' …' : ''}
      </span>{' '}
      <span className="muted">{t.bytes(length)}</span>
      {long ? (
        <button type="button" className="btn btn-quiet pv-more" onClick={() => setAll(!all)}>
          {all ? t.showLess : t.showAll}
        </button>
      ) : null}
      {length > 0 ? <CopyButton text={hex} label={t.copyHex} className="btn btn-quiet" /> : null}
    </span>
  );
}
