/**
 * A switch (`role="switch"`, `aria-checked`, ≥ 48 × 28 px; UI.md §3.4, §5). Used for boolean
 * fields of a form and, with the reported state, as the actuator of a boolean resource.
 */
import type { ReactNode } from 'react';
import './value.css';

export function SwitchField({
  checked,
  label,
  onToggle,
  disabled,
  describedBy,
  className,
  children,
}: {
  checked: boolean;
  /** The accessible name: the key or the resource name. */
  label: string;
  onToggle: () => void;
  disabled?: boolean;
  describedBy?: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <span className="pf-switch-row">
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-label={label}
        aria-describedby={describedBy}
        className={className ? `pf-switch ${className}` : 'pf-switch'}
        disabled={disabled}
        onClick={onToggle}
      />
      {children}
    </span>
  );
}
