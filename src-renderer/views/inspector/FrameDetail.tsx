/**
 * The selected frame (UI.md §3.5): what it is, its request or answer with the latency, the decoded
 * fields as a tree (field number and name, values as JSON) and the hex dump. Hovering or focusing
 * a field lights up its bytes, and hovering a byte lights up its field.
 */
import { present } from '@contract/present';
import { useMemo, useState } from 'react';
import type { Value } from '@contract/schemas';
import { fieldNumber } from '@protocol/json';
import { CopyButton } from '../../components/CopyButton';
import { clockTime, dateTime } from '../../format/time';
import { messages } from '../../messages';
import { directionText, directionTitle, latencyText } from './format';
import { HexDump } from './HexDump';
import { JsonTree } from './JsonTree';
import { decodeCommand } from '../../model/inspector/exportFrames';
import { errorOffsetInFrame, frameLayout, type ByteRange } from '../../model/inspector/frameLayout';
import { parseCodecError, type FrameRow, type Pv } from '../../model/inspector/frameRow';
import type { Pairing } from '../../model/inspector/pairing';

const t = messages.inspector.detail;

type Active = { kind: 'header' } | { kind: 'field'; name: string } | null;

interface FieldEntry {
  name: string;
  number: number | undefined;
  value: Value;
  range: ByteRange | null;
}

export interface FrameDetailProps {
  row: FrameRow;
  pv: Pv;
  pairing: Pairing | null;
  /** The paired frame is hidden by the filters. */
  pairingHidden: boolean;
  onSelect(id: string): void;
}

export function FrameDetail({ row, pv, pairing, pairingHidden, onSelect }: FrameDetailProps) {
  const f = row.frame;
  const layout = useMemo(() => frameLayout(f.hex, pv), [f.hex, pv]);
  const [active, setActive] = useState<Active>(null);

  const fields = useMemo<FieldEntry[]>(() => {
    const decoded = f.fields ?? {};
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
  }, [f.fields, layout]);

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

  const error = f.error === null ? null : parseCodecError(f.error);
  const errorAt = error ? errorOffsetInFrame(layout, f.size, pv, error) : null;
  const kept = layout.bytes.length;

  return (
    <section className="frame-detail" aria-label={t.label}>
      <header className="detail-head">
        <strong className={f.error !== null ? 'danger' : undefined}>
          {f.error !== null ? t.malformed : f.type}
        </strong>
        <span title={directionTitle(f.direction)}>{directionText(f.direction)}</span>
        <span className="mono">{row.device}</span>
        <span className="mono" title={dateTime(f.time)}>
          {clockTime(f.time, true)}
        </span>
        <span className="mono">{t.bytesCount(f.size)}</span>
        <span className="muted mono">{t.seq(f.seq)}</span>
        <span className="detail-actions">
          <CopyButton text={f.hex} label={t.copyHex} />
          <CopyButton text={() => decodeCommand(f.hex, pv)} label={t.copyDecode} />
        </span>
      </header>

      {pairing && (
        <p className="detail-pairing">
          <span className="muted">{pairing.role === 'answer' ? t.answer : t.request}: </span>
          <span>
            {pairing.role === 'answer'
              ? t.answeredIn(pairing.row.frame.type, latencyText(pairing.latencyMs))
              : t.requestedBefore(pairing.row.frame.type, latencyText(pairing.latencyMs))}
          </span>
          {pairingHidden ? (
            <span className="muted"> {t.hidden}</span>
          ) : (
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() => onSelect(pairing.row.id)}
            >
              {t.show}
            </button>
          )}
        </p>
      )}

      {error && (
        <p className="detail-malformed">
          <strong className="mono">{error.code ?? t.malformed}</strong>
          {errorAt !== null && <span> {t.atByte(errorAt)}</span>}
          <span>: {error.detail}</span>
        </p>
      )}
      {kept < f.size && <p className="muted detail-note">{t.truncated(kept, f.size)}</p>}

      <div className="detail-panes">
        <div className="detail-fields">
          <h2 className="detail-title">{t.fields}</h2>
          {header && (
            <div
              className={`field-row field-header${active?.kind === 'header' ? ' is-active' : ''}`}
              tabIndex={0}
              onMouseEnter={() => setActive({ kind: 'header' })}
              onFocus={() => setActive({ kind: 'header' })}
              onMouseLeave={() => setActive(null)}
              onBlur={() => setActive(null)}
            >
              <span className="field-num" aria-hidden="true">
                ·
              </span>
              <span className="field-name">{t.header}</span>
              <span className="muted">
                {t.headerType} {f.typeId ?? '?'} · {t.headerSize} {layout.bodySize ?? '?'}
              </span>
            </div>
          )}
          {f.fields === null ? (
            <p className="muted">{t.notDecoded}</p>
          ) : fields.length === 0 ? (
            <p className="muted">{t.noFields}</p>
          ) : (
            <ul className="field-list">
              {fields.map((x) => (
                <li
                  key={x.name}
                  className={`field-row${active?.kind === 'field' && active.name === x.name ? ' is-active' : ''}`}
                  tabIndex={0}
                  onMouseEnter={() => setActive({ kind: 'field', name: x.name })}
                  onFocus={() => setActive({ kind: 'field', name: x.name })}
                  onMouseLeave={() => setActive(null)}
                  onBlur={() => setActive(null)}
                >
                  <span className="field-num">{x.number ?? ''}</span>
                  <span className="field-name">{x.name}</span>
                  <span className="field-value">
                    <JsonTree value={x.value} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="detail-bytes">
          <h2 className="detail-title">{t.bytes}</h2>
          <HexDump
            bytes={layout.bytes}
            highlight={highlight}
            header={header}
            errorAt={errorAt}
            onHoverByte={onHoverByte}
          />
        </div>
      </div>
    </section>
  );
}
