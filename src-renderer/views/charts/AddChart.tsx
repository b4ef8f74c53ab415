/**
 * "Chart" from the Charts tab itself: the device's outputs (describe, spec §7.2: fn 3 and 4) in a
 * list, for when the user came here without pressing Chart on a panel.
 */
import { useEffect, useState } from 'react';
import { api } from '../../api/connection';
import { messages } from '../../messages';
import { naturalCompare } from '../../format/naturalSort';

const t = messages.charts.add;

/** fn 3 (output) and fn 4 (input + output) have values to chart. */
const CHARTABLE_FN = new Set([3, 4]);

function outputsOf(described: unknown): string[] {
  if (!described || typeof described !== 'object' || Array.isArray(described)) return [];
  return Object.entries(described as Record<string, unknown>)
    .filter(([, d]) => {
      const fn = d && typeof d === 'object' ? (d as { fn?: unknown }).fn : undefined;
      return typeof fn === 'number' && CHARTABLE_FN.has(fn);
    })
    .map(([name]) => name)
    .sort(naturalCompare);
}

type Load = { state: 'loading' } | { state: 'ready'; names: string[] } | { state: 'failed' };

export function AddChart({
  user,
  device,
  open,
  onChart,
}: {
  user: string;
  device: string;
  /** Resources already charted (left out of the list). */
  open: readonly string[];
  onChart: (resource: string) => void;
}) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [choice, setChoice] = useState('');
  useEffect(() => {
    let live = true;
    api()
      .resources.describe({ user, device })
      .then(
        (r) => live && setLoad({ state: 'ready', names: outputsOf(r.value) }),
        () => live && setLoad({ state: 'failed' }),
      );
    return () => {
      live = false;
    };
  }, [user, device]);

  if (load.state === 'loading') return <span className="muted">{t.loading}</span>;
  if (load.state === 'failed') return <span className="muted">{t.failed}</span>;
  const names = load.names.filter((n) => !open.includes(n));
  if (!load.names.length) return <span className="muted">{t.none}</span>;
  if (!names.length) return null;
  return (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) onChart(choice);
        setChoice('');
      }}
    >
      <label className="chart-control">
        <span>{t.label}</span>
        <select className="field" value={choice} onChange={(e) => setChoice(e.target.value)}>
          <option value="">{t.choose}</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn" disabled={!choice}>
        {t.button}
      </button>
    </form>
  );
}
