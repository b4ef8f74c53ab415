/**
 * The selected frame's decoded fields in wire order, each with its byte range, and which part is
 * lit: hovering or focusing a field (or the header) lights its bytes, hovering a byte lights its
 * field.
 */
import { present } from '@contract/present';
import { useMemo, useState } from 'react';
import type { Value } from '@contract/schemas';
import { fieldNumber } from '@protocol/json';
import type { ByteRange, FrameLayout } from '../../model/inspector/frameLayout';
import type { FrameRow } from '../../model/inspector/frameRow';

export type ActivePart = { kind: 'header' } | { kind: 'field'; name: string } | null;

export interface FieldEntry {
  name: string;
  number: number | undefined;
  value: Value;
  range: ByteRange | null;
}

export function useFrameFields(frame: FrameRow['frame'], layout: FrameLayout) {
  const [active, setActive] = useState<ActivePart>(null);
  const fields = useMemo<FieldEntry[]>(() => {
    const decoded = frame.fields ?? {};
    const spans = new Map(layout.fields.map((s) => [s.name, s.range]));
    // Wire order where the bytes could be read, then anything the bytes kept did not reach.
    const order = [...layout.fields.map((s) => s.name), ...Object.keys(decoded)].filter(
      (name, i, all) => all.indexOf(name) === i && name in decoded,
    );
    return order.map((name) => ({
      name,
      number: fieldNumber(name),
      value: present(decoded[name], `decoded field ${name}`),
      range: spans.get(name) ?? null,
    }));
  }, [frame.fields, layout]);

  const header: ByteRange | null =
    layout.type && layout.size ? { start: layout.type.start, end: layout.size.end } : null;
  const highlight =
    active?.kind === 'header'
      ? header
      : active?.kind === 'field'
        ? (fields.find((x) => x.name === active.name)?.range ?? null)
        : null;

  const onHoverByte = (offset: number | null): void => {
    if (offset === null) return setActive(null);
    if (header && offset < header.end) return setActive({ kind: 'header' });
    const hit = fields.find((x) => x.range && offset >= x.range.start && offset < x.range.end);
    setActive(hit ? { kind: 'field', name: hit.name } : null);
  };
  return { fields, header, active, setActive, highlight, onHoverByte };
}
