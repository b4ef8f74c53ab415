/**
 * A labelled text field with its hint and its error beside it (UI.md §3.6: errors stay at the
 * field that caused them): `aria-invalid` and `aria-describedby` point a screen reader at both.
 */
import { useId, type InputHTMLAttributes } from 'react';
import './textField.css';

export function TextField({
  label,
  hint,
  error,
  mono = false,
  onValue,
  className = '',
  ...input
}: {
  label: string;
  hint?: string;
  /** Shown (and the field marked invalid) when not null. */
  error?: string | null;
  mono?: boolean;
  onValue: (value: string) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'>) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className={`text-field ${className}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={`field${mono ? ' mono' : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onValue(e.target.value)}
        {...input}
      />
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={hintId} className="field-hint muted">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
