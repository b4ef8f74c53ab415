/**
 * One renderer per PSON shape (UI.md §3.2 "Values"), shared by output cards, the Reported side of
 * input panels and the inspector. Maps keep the device's key order; nested containers are inline
 * to depth 3, deeper ones collapse behind their path (`env.sensors[2].t`); values over 64 KiB
 * show their start and "Show all (230 kB)".
 */
import { useState } from 'react';
import { formatBytes } from '../../format/bytes';
import { messages } from '../../messages';
import {
  bytesHex,
  isContainer,
  jsonSize,
  jsonText,
  numericValue,
  pathText,
  shapeOf,
  type Value,
  type ValueMap,
} from '../../model/pson';
import { BooleanValue, NullValue, NumberValue } from './ScalarValue';
import { Sparkline } from './Sparkline';
import { BytesValue, StringValue } from './TextValue';
import './value.css';

const t = messages.device.value;

/** UI.md §3.2 "Large values": beyond this the start is shown and the rest on demand. */
export const LARGE_VALUE_CHARS = 64 * 1024;
/** Containers deeper than this collapse into an expandable tree. */
export const INLINE_DEPTH = 3;
/** Array items listed before "Show all". */
const ITEMS_SHOWN = 100;

type Path = readonly (string | number)[];

export function ValueView({ value, path = [] }: { value: Value | undefined; path?: Path }) {
  const [all, setAll] = useState(false);
  if (value === undefined) return <NullValue kind="not-read" />;
  const size = isContainer(shapeOf(value)) || typeof value === 'string' ? jsonSize(value) : 0;
  if (size > LARGE_VALUE_CHARS && !all) {
    return (
      <div className="pv-large">
        <pre className="mono pv-large-start">{jsonText(value).slice(0, LARGE_VALUE_CHARS)}…</pre>
        <p className="muted">
          {t.truncated(formatBytes(LARGE_VALUE_CHARS), formatBytes(size))}{' '}
          <button type="button" className="btn" onClick={() => setAll(true)}>
            {t.showAllSize(formatBytes(size))}
          </button>
        </p>
      </div>
    );
  }
  return <Any value={value} path={path} base={0} />;
}

/** `base`: the depth the inline levels count from (an expanded subtree starts afresh). */
function Any({ value, path, base }: { value: Value; path: Path; base: number }) {
  switch (shapeOf(value)) {
    case 'null':
      return <NullValue kind="null" />;
    case 'empty':
      return <NullValue kind="empty" />;
    case 'boolean':
      return <BooleanValue value={value as boolean} />;
    case 'integer':
    case 'float':
    case 'bigint':
    case 'nonfinite':
      return <NumberValue value={value} />;
    case 'string':
      return <StringValue value={value as string} />;
    case 'bytes':
      return <BytesValue hex={bytesHex(value)} />;
    case 'map':
    case 'array':
      return path.length - base >= INLINE_DEPTH ? (
        <Collapsed value={value} path={path} />
      ) : (
        <Container value={value} path={path} base={base} />
      );
  }
}

function Collapsed({ value, path }: { value: Value; path: Path }) {
  const [open, setOpen] = useState(false);
  const count = Array.isArray(value)
    ? t.items(value.length)
    : t.keys(Object.keys(value as ValueMap).length);
  return (
    <details className="pv-collapsed" open={open}>
      <summary
        onClick={(e) => {
          e.preventDefault();
          setOpen(!open);
        }}
      >
        <span className="mono">{pathText(path)}</span> <span className="muted">· {count}</span>
      </summary>
      {open ? <Container value={value} path={path} base={path.length} /> : null}
    </details>
  );
}

interface Level {
  path: Path;
  base: number;
}

function Container({ value, path, base }: Level & { value: Value }) {
  return Array.isArray(value) ? (
    <ArrayValue items={value} path={path} base={base} />
  ) : (
    <MapValue map={value as ValueMap} path={path} base={base} />
  );
}

function MapValue({ map, path, base }: Level & { map: ValueMap }) {
  const entries = Object.entries(map);
  if (entries.length === 0) return <span className="pv-none muted">{t.emptyMap}</span>;
  return (
    <table className="pv-map">
      <tbody>
        {entries.map(([key, child]) => (
          <tr key={key}>
            <th scope="row" className="mono">
              {key === '' ? '""' : key}
            </th>
            <td>
              <Any value={child} path={[...path, key]} base={base} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ArrayValue({ items, path, base }: Level & { items: readonly Value[] }) {
  const [all, setAll] = useState(false);
  if (items.length === 0) return <span className="pv-none muted">{t.emptyArray}</span>;
  const numbers = items.map(numericValue);
  const allNumbers = numbers.every((n) => n !== null);
  const shown = all ? items : items.slice(0, ITEMS_SHOWN);
  return (
    <div className="pv-array">
      {allNumbers && items.length > 1 ? <Sparkline values={numbers as number[]} /> : null}
      <ol className="pv-items" start={0}>
        {shown.map((item, i) => (
          <li key={i}>
            <span className="pv-index muted mono" aria-hidden="true">
              {i}
            </span>
            <Any value={item} path={[...path, i]} base={base} />
          </li>
        ))}
      </ol>
      {items.length > shown.length ? (
        <button type="button" className="btn btn-quiet pv-more" onClick={() => setAll(true)}>
          {t.showAllSize(t.items(items.length))}
        </button>
      ) : null}
    </div>
  );
}
