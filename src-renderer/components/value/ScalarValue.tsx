/** Scalars by PSON shape (UI.md §3.2 "Values"): numbers, booleans, null and the pv0 empty value. */
import { messages } from '../../messages';
import { bigintText, nonFiniteText, numberText, shapeOf, type Value } from '../../model/pson';

const t = messages.device.value;

export function NumberValue({ value }: { value: Value }) {
  const shape = shapeOf(value);
  if (shape === 'bigint')
    return (
      <span className="pv-number">
        {bigintText(value)}{' '}
        <span className="pv-tag" title={t.bigTitle}>
          {t.big}
        </span>
      </span>
    );
  if (shape === 'nonfinite') {
    const word = nonFiniteText(value);
    return <span className="pv-number pv-word">{t.nonFinite[word] ?? word}</span>;
  }
  const n = value as number;
  const text = numberText(n);
  const full = String(n);
  return (
    <span className="pv-number" title={text === full ? undefined : t.fullPrecision(full)}>
      {text}
    </span>
  );
}

export function BooleanValue({ value }: { value: boolean }) {
  return (
    <span className={value ? 'pv-bool pv-true' : 'pv-bool'}>
      {value ? t.true : t.false} <span aria-hidden="true">{value ? '●' : '○'}</span>
    </span>
  );
}

export function NullValue({ kind }: { kind: 'null' | 'empty' | 'not-read' }) {
  const text = kind === 'null' ? t.null : kind === 'empty' ? t.empty : t.notRead;
  return <span className="pv-none muted">{text}</span>;
}
