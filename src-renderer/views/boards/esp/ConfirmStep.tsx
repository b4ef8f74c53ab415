/** The last step of a tool that changes the flash: what will be lost, Back, and the button that names the board. */
import type { ReactNode } from 'react';
import { messages } from '../../../messages';

export function ConfirmStep({
  children,
  action,
  starting,
  onBack,
  onConfirm,
}: {
  children: ReactNode;
  /** "Erase ESP32 on /dev/ttyUSB0". */
  action: string;
  starting: boolean;
  onBack: () => void;
  onConfirm: () => void;
}) {
  const t = messages.espTools;
  return (
    <>
      <p role="alert" className="esp-confirm">
        {children}
      </p>
      <div className="admin-dialog-actions">
        <button type="button" className="btn" onClick={onBack}>
          {t.back}
        </button>
        <button
          type="button"
          className="btn btn-primary btn-danger-fill"
          data-autofocus
          disabled={starting}
          onClick={onConfirm}
        >
          {starting ? t.starting : action}
        </button>
      </div>
    </>
  );
}
