/**
 * The serial plotter's state: the window shown, the series hidden from the legend, and the pause
 * with its zoom. Pause display (the store's frozen row) freezes the plot at the newest line's
 * time; a zoom (dragged while paused) ends with the pause. The legend follows new series and
 * values a few times a second, never per line.
 */
import { useMemo, useState } from 'react';
import { fieldName, type PlotInput } from '../../components/plot/ChartPlot';
import { useNow } from '../../components/useNow';
import { feedOf, useSerial } from '../../state/serial';

const LEGEND_REFRESH_MS = 250;
const DEFAULT_WINDOW_MS = 60_000;

export function useSerialPlot(port: string) {
  const feed = feedOf(port);
  const buffer = feed.plot;
  const paused = useSerial((s) => (s.frozenAt[port] ?? null) !== null);
  // When the display was paused (the store keeps a row index); a zoom ends with the pause.
  const [pause, setPause] = useState<{ paused: boolean; at: number | null }>({
    paused: false,
    at: null,
  });
  const [zoom, setZoom] = useState<readonly [number, number] | null>(null);
  if (pause.paused !== paused) {
    setPause({ paused, at: paused ? feed.lastTime() : null });
    if (!paused) setZoom(null);
  }
  const pausedAt = pause.at;
  const [windowMs, setWindowMs] = useState<number>(DEFAULT_WINDOW_MS);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  useNow(LEGEND_REFRESH_MS);

  const fields = buffer.fields;
  const names = fields.map((f) => fieldName(f, 'value'));
  const visibleKey = names.map((n) => (hidden.has(n) ? '0' : '1')).join('');
  const input = useMemo<PlotInput>(
    () => ({
      buffer,
      fields: [...fields],
      visible: fields.map((_, i) => i).filter((i) => visibleKey[i] === '1'),
      windowMs,
      pausedAt,
      zoom,
      split: false,
      resource: 'value',
      holdLast: false,
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `fields.length` says a series appeared
    [buffer, fields.length, visibleKey, windowMs, pausedAt, zoom],
  );
  const toggle = (name: string): void =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(name)) next.add(name);
      return next;
    });

  return { feed, paused, names, hidden, toggle, windowMs, setWindowMs, input, setZoom };
}
