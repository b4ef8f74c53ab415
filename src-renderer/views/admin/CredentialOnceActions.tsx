/**
 * The credential dialog's footer: Done, or, when closing before anything was copied, the question
 * with "Close anyway" and "Keep it open".
 */
import type { RefObject } from 'react';
import { messages } from '../../messages';

const t = messages.admin.once;

export function CredentialOnceActions({
  confirming,
  onClose,
  onKeepOpen,
  onDone,
  keepOpen,
  done,
}: {
  confirming: boolean;
  /** Close for good. */
  onClose(): void;
  onKeepOpen(): void;
  /** Done: closes, or asks first when nothing was copied. */
  onDone(): void;
  keepOpen: RefObject<HTMLButtonElement | null>;
  done: RefObject<HTMLButtonElement | null>;
}) {
  return confirming ? (
    <div role="alert" className="once-confirm">
      <p>{t.confirm}</p>
      <div className="admin-dialog-actions">
        <button type="button" className="btn btn-danger" onClick={onClose}>
          {t.closeAnyway}
        </button>
        <button ref={keepOpen} type="button" className="btn" onClick={onKeepOpen}>
          {t.keepOpen}
        </button>
      </div>
    </div>
  ) : (
    <div className="admin-dialog-actions">
      <button ref={done} type="button" className="btn btn-primary" onClick={onDone}>
        {t.done}
      </button>
    </div>
  );
}
