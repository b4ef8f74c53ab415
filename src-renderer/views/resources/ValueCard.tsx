/**
 * A labelled value of a panel ("Value", "Reported"; UI.md §5: `getByLabel('Value')`), with its
 * age. A stale value (device offline, a periodic stream silent) is dimmed with "stale · 12 s",
 * never erased. Not a live region: a fast stream would flood a screen reader.
 */
import { useId } from 'react';
import { ValueView } from '../../components/value/ValueView';
import type { Value } from '../../model/pson';
import { age, dateTime, duration } from '../../format/time';
import { messages } from '../../messages';

const t = messages.device.panel;

/** "12 s", "5 min": how long the value has not been renewed (whole seconds). */
const staleFor = (ms: number): string =>
  ms < 60_000 ? t.seconds(Math.max(0, Math.floor(ms / 1_000))) : duration(ms);

export function ValueCard({
  label,
  value,
  at,
  now,
  stale,
  note,
  large = false,
}: {
  label: string;
  value: Value | undefined;
  at: number | null;
  now: number;
  stale: boolean;
  /** "sample from describe" */
  note?: string | undefined;
  large?: boolean;
}) {
  const id = useId();
  return (
    <div className={`rp-card${stale ? ' rp-stale' : ''}${large ? ' rp-card-large' : ''}`}>
      <div className="rp-card-label" id={id}>
        {label}
      </div>
      <div role="group" aria-labelledby={id} className="rp-card-value">
        <ValueView value={value} />
      </div>
      {at !== null ? (
        <div className="rp-card-meta">
          {stale ? (
            <span className="rp-stale-tag" title={dateTime(at)}>
              {t.stale(staleFor(now - at))}
            </span>
          ) : (
            <span className="muted" title={dateTime(at)}>
              {age(at, now)}
            </span>
          )}
          {note ? <span className="muted"> · {note}</span> : null}
        </div>
      ) : null}
    </div>
  );
}
