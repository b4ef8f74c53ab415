/** A labelled checkbox with an optional muted hint: the options of Flash and the serial toolbar. */
import type { ReactNode } from 'react';

export function Check({
  checked,
  onChange,
  label,
  hint,
  className = 'bf-check',
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ReactNode;
  hint?: ReactNode;
  className?: string;
}) {
  return (
    <label className={className}>
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {hint ? (
        <span>
          {label} <span className="muted">· {hint}</span>
        </span>
      ) : (
        label
      )}
    </label>
  );
}
