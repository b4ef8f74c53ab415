/**
 * One renderer per PSON shape (UI.md §3.2 "Values"), shared by output cards, the Reported side of
 * input panels and the inspector. Maps keep the device's key order; nested containers are inline
 * to depth 3, deeper ones collapse behind their path (`env.sensors[2].t`); values over 64 KiB
 * show their start and "Show all (230 kB)". Scalars are in `ScalarValue`/`TextValue`, maps and
 * arrays in `ContainerValue`.
 */
import { useState } from 'react';
import { formatBytes } from '../../format/bytes';
import { messages } from '../../messages';
import { bytesHex, isContainer, jsonSize, jsonText, shapeOf, type Value } from '../../model/pson';
import { Collapsed, Container, type Level } from './ContainerValue';
import type { Path } from './inputProps';
import { BooleanValue, NullValue, NumberValue } from './ScalarValue';
import { BytesValue, StringValue } from './TextValue';
import './value.css';

const t = messages.device.value;

/** UI.md §3.2 "Large values": beyond this the start is shown and the rest on demand. */
const LARGE_VALUE_CHARS = 64 * 1024;
/** Containers deeper than this collapse into an expandable tree. */
export const INLINE_DEPTH = 3;

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

function Any({ value, path, base }: Level & { value: Value }) {
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
        <Collapsed value={value} path={path} base={base} Item={Any} />
      ) : (
        <Container value={value} path={path} base={base} Item={Any} />
      );
  }
}
