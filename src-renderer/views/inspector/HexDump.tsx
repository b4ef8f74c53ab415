/**
 * A classic hex dump (UI.md §3.5): offset, 16 bytes a row, ASCII column. The bytes of the field
 * being hovered or focused in the tree are highlighted, the header bytes are tinted, and the byte
 * where decoding stopped on a malformed frame is marked.
 */
import { messages } from '../../messages';
import type { ByteRange } from '../../model/inspector/frameLayout';

const BYTES_PER_ROW = 16;

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');
const printable = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·');

export interface HexDumpProps {
  bytes: Uint8Array;
  highlight: ByteRange | null;
  /** The frame header (type and body size varints). */
  header: ByteRange | null;
  errorAt: number | null;
  /** Offset of the byte under the pointer, to light up its field in the tree. */
  onHoverByte?(offset: number | null): void;
}

const inRange = (r: ByteRange | null, i: number): boolean =>
  r !== null && i >= r.start && i < r.end;

export function HexDump({ bytes, highlight, header, errorAt, onHoverByte }: HexDumpProps) {
  const width = Math.max(4, (bytes.length - 1).toString(16).length);
  const rows: number[] = [];
  for (let at = 0; at < bytes.length; at += BYTES_PER_ROW) rows.push(at);

  const cls = (i: number): string | undefined => {
    const c: string[] = [];
    if (inRange(header, i)) c.push('hb-header');
    if (i === errorAt) c.push('hb-error');
    return c.length ? c.join(' ') : undefined;
  };
  /** Highlighted bytes are `<mark>`: what they are, not only how they look. */
  const byte = (i: number, text: string, hover: boolean) => {
    const Tag = inRange(highlight, i) ? 'mark' : 'span';
    return (
      <Tag key={i} className={cls(i)} onMouseEnter={hover ? () => onHoverByte?.(i) : undefined}>
        {text}
      </Tag>
    );
  };

  return (
    <div
      className="hex-dump mono"
      data-testid="hex-dump"
      role="table"
      aria-label={messages.inspector.detail.hexLabel}
      onMouseLeave={() => onHoverByte?.(null)}
    >
      {rows.map((at) => {
        const slice = Array.from(bytes.subarray(at, at + BYTES_PER_ROW));
        return (
          <div role="row" className="hex-row" key={at}>
            <span role="cell" className="hex-offset">
              {at.toString(16).padStart(width, '0')}
            </span>
            <span role="cell" className="hex-bytes">
              {slice.map((b, j) => byte(at + j, hex2(b), true))}
            </span>
            <span role="cell" className="hex-ascii">
              {slice.map((b, j) => byte(at + j, printable(b), false))}
            </span>
          </div>
        );
      })}
    </div>
  );
}
