/**
 * The armed state of an actuator (UI.md §3.4): inline and amber, never modal. "Turn ON relay1?
 * Confirm · Cancel"; Enter confirms (focus is on Confirm), Esc cancels; the store disarms it
 * after 5 s.
 */
import { useEffect, useRef } from 'react';
import { messages } from '../../messages';

export function ConfirmStrip({
  question,
  onConfirm,
  onCancel,
  takeFocus,
}: {
  question: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** Move focus to Confirm (the strip of the control the user activated). */
  takeFocus: boolean;
}) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (takeFocus) confirm.current?.focus();
  }, [takeFocus]);
  const t = messages.device.actuator;
  return (
    <div
      className="rp-confirm"
      role="group"
      aria-label={t.armed(question)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <span className="rp-confirm-question">
        <span aria-hidden="true">▲ </span>
        {question}
      </span>
      <button ref={confirm} type="button" className="btn rp-confirm-yes" onClick={onConfirm}>
        {t.confirm}
      </button>
      <button type="button" className="btn btn-quiet" onClick={onCancel}>
        {t.cancel}
      </button>
    </div>
  );
}
