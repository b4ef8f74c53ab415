/**
 * A compact, collapsible tree of a decoded value in the vectors' JSON conventions
 * (`{"$bytes": hex}`, `{"$bigint": digits}`, `{"$double": "NaN"}`, `{"$empty": true}`), shown in
 * words rather than as those wrappers. Maps keep the device's key order.
 */
import { useState } from 'react';
import type { Value } from '@contract/schemas';
import { messages } from '../../messages';

const t = messages.inspector.detail;

/** Levels open at first; deeper ones start collapsed (UI.md §3.2 "Nested"). */
const OPEN_DEPTH = 3;
/** Entries listed before "Show all": a 256 KiB payload must not become 10 000 rows at once. */
const ENTRIES_SHOWN = 100;

type Special = { kind: 'bytes' | 'bigint' | 'double' | 'empty'; text: string; tag?: string };

function special(v: Value): Special | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const keys = Object.keys(v);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) return null;
  const inner = v[key];
  switch (key) {
    case '$bytes':
      return typeof inner === 'string'
        ? { kind: 'bytes', text: inner, tag: t.bytesValue(inner.length / 2) }
        : null;
    case '$bigint':
      return typeof inner === 'string' ? { kind: 'bigint', text: inner, tag: t.bigTag } : null;
    case '$double':
      return { kind: 'double', text: String(inner) };
    case '$empty':
      return { kind: 'empty', text: t.emptyValue };
    default:
      return null;
  }
}

function Scalar({ value }: { value: Value }) {
  const s = special(value);
  if (s)
    return (
      <span className={`json-${s.kind}`}>
        {s.tag && <span className="json-tag">{s.tag}</span>}
        {s.text}
      </span>
    );
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'string')
    return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-bool">{String(value)}</span>;
  return <span>{JSON.stringify(value)}</span>;
}

const isBranch = (v: Value): v is Value[] | { [k: string]: Value } =>
  v !== null && typeof v === 'object' && special(v) === null;

export function JsonTree({ value, depth = 0 }: { value: Value; depth?: number }) {
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const [all, setAll] = useState(false);
  if (!isBranch(value)) return <Scalar value={value} />;
  const entries: [string, Value][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  const [start, end] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return <span className="json-punct">{`${start}${end}`}</span>;
  const count = Array.isArray(value) ? t.items(entries.length) : t.keys(entries.length);
  return (
    <span className="json-branch">
      <button
        type="button"
        className="json-toggle"
        aria-expanded={open}
        aria-label={`${open ? t.collapse : t.expand} (${count})`}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
      </button>
      <span className="json-punct">{start}</span>
      {open ? (
        <ul className="json-children">
          {(all ? entries : entries.slice(0, ENTRIES_SHOWN)).map(([k, v]) => (
            <li key={k}>
              <span className={Array.isArray(value) ? 'json-index' : 'json-key'}>{k}</span>
              <span className="json-punct">: </span>
              <JsonTree value={v} depth={depth + 1} />
            </li>
          ))}
          {!all && entries.length > ENTRIES_SHOWN && (
            <li>
              <button type="button" className="btn btn-quiet" onClick={() => setAll(true)}>
                {t.showAll(count)}
              </button>
            </li>
          )}
        </ul>
      ) : (
        <span className="muted json-count"> {count} </span>
      )}
      <span className="json-punct">{end}</span>
    </span>
  );
}
