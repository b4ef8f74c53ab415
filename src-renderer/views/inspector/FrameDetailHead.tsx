/**
 * What the selected frame is: its type (or "Malformed"), direction, device, time with ms, size and
 * sequence number, with Copy hex and Copy as `iotmp decode`.
 */
import { CopyButton } from '../../components/CopyButton';
import { clockTime, dateTime } from '../../format/time';
import { messages } from '../../messages';
import { decodeCommand } from '../../model/inspector/exportFrames';
import type { FrameRow, Pv } from '../../model/inspector/frameRow';
import { directionText, directionTitle } from './format';

const t = messages.inspector.detail;

export function FrameDetailHead({ row, pv }: { row: FrameRow; pv: Pv }) {
  const f = row.frame;
  return (
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
  );
}
