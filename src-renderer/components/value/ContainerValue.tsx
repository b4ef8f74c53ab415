/**
 * Maps and arrays of a shown value (UI.md §3.2 "Values"): a map as a key/value table in the
 * device's key order, an array as a numbered list (with a sparkline when every item is a number,
 * and "Show all" beyond 100 items), and a level too deep to draw inline collapsed behind its path.
 * `Item` draws each child (it is ValueView's dispatcher, passed in so this file does not import
 * it back).
 */
import { useState, type ComponentType } from 'react';
import { messages } from '../../messages';
import { numericValue, pathText, type Value, type ValueMap } from '../../model/pson';
import type { Path } from './inputProps';
import { Sparkline } from './Sparkline';

const t = messages.device.value;

/** Array items listed before "Show all". */
const ITEMS_SHOWN = 100;

/** `base`: the depth the inline levels count from (an expanded subtree starts afresh). */
export interface Level {
  path: Path;
  base: number;
}

type ChildValue = ComponentType<Level & { value: Value }>;

type LevelOf<T> = Level & T & { Item: ChildValue };

export function Collapsed({ value, path, Item }: LevelOf<{ value: Value }>) {
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
      {open ? <Container value={value} path={path} base={path.length} Item={Item} /> : null}
    </details>
  );
}

export function Container({ value, ...level }: LevelOf<{ value: Value }>) {
  return Array.isArray(value) ? (
    <ArrayValue items={value} {...level} />
  ) : (
    <MapValue map={value as ValueMap} {...level} />
  );
}

function MapValue({ map, path, base, Item }: LevelOf<{ map: ValueMap }>) {
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
              <Item value={child} path={[...path, key]} base={base} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ArrayValue({ items, path, base, Item }: LevelOf<{ items: readonly Value[] }>) {
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
            <Item value={item} path={[...path, i]} base={base} />
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
