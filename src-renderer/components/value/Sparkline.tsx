/** A small trend line for an array of numbers (UI.md §3.2 "Array"): plain SVG, no animation. */
import { messages } from '../../messages';
import { numberText } from '../../model/pson';

const WIDTH = 120;
const HEIGHT = 24;

export function Sparkline({ values }: { values: readonly number[] }) {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return null;
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min || 1;
  const step = WIDTH / (values.length - 1);
  const points = values
    .map((v, i) =>
      Number.isFinite(v)
        ? `${(i * step).toFixed(1)},${(HEIGHT - 2 - ((v - min) / span) * (HEIGHT - 4)).toFixed(1)}`
        : null,
    )
    .filter(Boolean)
    .join(' ');
  return (
    <svg
      className="pv-sparkline"
      role="img"
      aria-label={messages.device.value.trend(numberText(min), numberText(max))}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      preserveAspectRatio="none"
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
