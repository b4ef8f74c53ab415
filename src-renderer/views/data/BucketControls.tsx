/**
 * Above a bucket's records: the buckets as tabs, the time range, "only this device", CSV/JSON
 * export of the range, and how many records are shown (with the export's outcome).
 */
import type { BucketInfo } from '@contract/serverSchemas';
import { messages } from '../../messages';
import { RANGES, type RangeId } from './model';

const t = messages.data;

export interface BucketControlsProps {
  buckets: BucketInfo[] | null;
  bucket: string;
  onBucket: (bucket: string) => void;
  range: RangeId;
  onRange: (range: RangeId) => void;
  onlyThis: boolean;
  onOnlyThis: (only: boolean) => void;
  onExport: (format: 'csv' | 'json') => void;
  /** "N records", and the last export's outcome. */
  status: string;
}

export function BucketControls(p: BucketControlsProps) {
  return (
    <div className="row data-controls">
      <div role="tablist" aria-label={t.buckets} className="segmented">
        {p.buckets?.map((b) => (
          <button
            key={b.bucket}
            type="button"
            role="tab"
            aria-selected={b.bucket === p.bucket}
            className="btn"
            onClick={() => p.onBucket(b.bucket)}
          >
            {b.name || b.bucket}
          </button>
        ))}
      </div>
      <label className="row">
        {t.range}
        <select
          className="field"
          value={p.range}
          onChange={(e) => p.onRange(e.target.value as RangeId)}
        >
          {RANGES.map((r) => (
            <option key={r.id} value={r.id}>
              {t.ranges[r.id]}
            </option>
          ))}
        </select>
      </label>
      <label className="row">
        <input
          type="checkbox"
          checked={p.onlyThis}
          onChange={(e) => p.onOnlyThis(e.target.checked)}
        />
        {t.onlyThisDevice}
      </label>
      <button type="button" className="btn" onClick={() => p.onExport('csv')}>
        {t.exportCsv}
      </button>
      <button type="button" className="btn" onClick={() => p.onExport('json')}>
        {t.exportJson}
      </button>
      <span role="status" className="muted" data-testid="bucket-count">
        {p.status}
      </span>
    </div>
  );
}
