/**
 * A number input (UI.md §3.2 "Number"): a field with a stepper, step 1 when the template is an
 * integer. Integers beyond 2^53 stay exact (`$bigint`); NaN and ±Infinity are typed as words.
 * What is typed stays in the field while it is not a number yet ("12.", "-").
 */
import { useId, useState } from 'react';
import { messages } from '../../messages';
import { useIssue } from './formIssues';
import {
  bigintText,
  integerValue,
  nonFiniteText,
  numberText,
  numberValue,
  numericValue,
  shapeOf,
  type Value,
} from '../../model/pson';
import './value.css';

const t = messages.device.form;

export type NumberParse = { ok: true; value: Value } | { ok: false; message: string };

const WORDS: Record<string, number> = {
  nan: NaN,
  infinity: Infinity,
  '+infinity': Infinity,
  '-infinity': -Infinity,
  inf: Infinity,
  '-inf': -Infinity,
};

/**
 * Decimals are accepted even when the template is an integer: PSON sends 21.0 as 21 (IOTMP.md
 * §4.3), so an integral template says nothing about what the device accepts.
 */
export function parseNumberText(text: string): NumberParse {
  const s = text.trim().replace(/[\s_]/g, '');
  if (/^[+-]?\d+$/.test(s)) return { ok: true, value: integerValue(s.replace(/^\+/, '')) };
  const word = WORDS[s.toLowerCase()];
  if (word !== undefined) return { ok: true, value: numberValue(word) };
  const n = s === '' ? NaN : Number(s);
  if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s))
    return { ok: false, message: t.notANumber };
  return { ok: true, value: n };
}

export function numberFieldText(v: Value): string {
  switch (shapeOf(v)) {
    case 'bigint':
      return bigintText(v);
    case 'nonfinite':
      return nonFiniteText(v);
    case 'integer':
    case 'float':
      return numberText(v as number);
    default:
      return '';
  }
}

/** The stepper's step: 1 for an integer template, else one unit of its last decimal. */
export function stepFor(template: Value): number {
  const shape = shapeOf(template);
  if (shape === 'integer' || shape === 'bigint') return 1;
  const n = numericValue(template);
  const text = n === null ? '' : numberText(n);
  const decimals =
    text.includes('.') && !text.includes('e') ? text.length - text.indexOf('.') - 1 : 1;
  return 10 ** -Math.min(Math.max(decimals, 1), 3);
}

const decimalsOf = (x: number): number => {
  const text = numberText(x);
  if (text.includes('e')) return 15;
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
};

/** `v + delta` without binary noise (21.1 + 0.1 = 21.2, not 21.200000000000003). */
export function stepValue(v: Value, delta: number, range?: { min: number; max: number }): Value {
  const shape = shapeOf(v);
  if (shape === 'bigint') {
    const next = BigInt(bigintText(v)) + BigInt(Math.round(delta));
    return integerValue(next.toString());
  }
  const n = numericValue(v);
  if (n === null || !Number.isFinite(n)) return v;
  const decimals = Math.min(15, Math.max(decimalsOf(n), decimalsOf(delta)));
  let next = Number((n + delta).toFixed(decimals));
  if (range) next = Math.min(range.max, Math.max(range.min, next));
  return next;
}

export function NumberField({
  value,
  onChange,
  label,
  step,
  range,
  issueKey,
  disabled,
  onCommit,
  id,
}: {
  value: Value;
  onChange: (v: Value) => void;
  label: string;
  step: number;
  range?: { min: number; max: number };
  issueKey: string;
  disabled?: boolean;
  /** Enter in the field. */
  onCommit?: () => void;
  id?: string;
}) {
  const ownId = useId();
  const errorId = `${ownId}-error`;
  const [text, setText] = useState(() => numberFieldText(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    // A new value from outside ("Use it", a stepper press): show it unless it is what was typed.
    setSeen(value);
    const parsed = parseNumberText(text);
    if (!parsed.ok || JSON.stringify(parsed.value) !== JSON.stringify(value))
      setText(numberFieldText(value));
  }
  const parsed = parseNumberText(text);
  const error = parsed.ok ? null : parsed.message;
  useIssue(issueKey, error);

  const type = (next: string): void => {
    setText(next);
    const p = parseNumberText(next);
    if (p.ok) onChange(p.value);
  };
  const nudge = (direction: 1 | -1): void => {
    if (!parsed.ok) return;
    onChange(stepValue(parsed.value, direction * step, range));
  };

  return (
    <span className="pf-number-wrap">
      <span className="pf-number">
        <button
          type="button"
          className="btn pf-step"
          aria-label={t.stepDown(label)}
          disabled={disabled}
          onClick={() => nudge(-1)}
        >
          −
        </button>
        <input
          id={id ?? ownId}
          className="field"
          type="text"
          inputMode="decimal"
          aria-label={label}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          // Wide enough for what is typed: a 20-digit integer stays readable.
          style={{ width: `${Math.min(26, Math.max(8, text.length + 2))}ch` }}
          value={text}
          disabled={disabled}
          onChange={(e) => type(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
              e.preventDefault();
              nudge(e.key === 'ArrowUp' ? 1 : -1);
            } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && onCommit) {
              e.preventDefault();
              onCommit();
            }
          }}
        />
        <button
          type="button"
          className="btn pf-step"
          aria-label={t.stepUp(label)}
          disabled={disabled}
          onClick={() => nudge(1)}
        >
          +
        </button>
      </span>
      {error ? (
        <span id={errorId} className="pf-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
