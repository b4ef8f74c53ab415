/**
 * A new credential, shown once (UI.md §3.6): large monospace, Copy credential, Copy connection
 * details, the same details as a QR code, the warning, and Done. Closing before anything was
 * copied asks first, inline. The credential lives in the admin slice's memory until closed, so
 * leaving the view and coming back still shows it; it is never persisted. Copying and asking before
 * closing: useCopyBeforeClose; the footer: CredentialOnceActions.
 */
import { useId } from 'react';
import { useConnection } from '../../api/connection';
import { statusGlyph } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import { deviceKey } from '@contract/deviceKey';
import { useAdmin, type Reveal } from '../../state/admin';
import { useBroker } from '../../state/brokerStatus';
import { connectionDetails } from './credential';
import { Dialog } from '../../components/Dialog';
import { QrCode } from '../../components/QrCode';
import { CredentialOnceActions } from './CredentialOnceActions';
import { useCopyBeforeClose } from './useCopyBeforeClose';

export function CredentialOnceDialog() {
  const reveal = useAdmin((s) => s.reveal);
  return reveal ? <CredentialOnce key={reveal.credential} reveal={reveal} /> : null;
}

function CredentialOnce({ reveal }: { reveal: Reveal }) {
  const t = messages.admin.once;
  const close = useAdmin((s) => s.closeReveal);
  const status = useBroker((s) => s.status);
  const host = useConnection((s) => s.host);
  const once = useCopyBeforeClose(close);
  const { copied, copy } = once;
  const labelId = useId();
  const details = connectionDetails(reveal, status, host);
  const key = deviceKey(reveal);

  return (
    <Dialog
      title={reveal.reason === 'added' ? t.titleAdded(key) : t.titleReset(key)}
      onClose={once.requestClose}
      wide
      testId="credential-once"
    >
      <div className="once-body">
        <div className="once-main">
          <span id={labelId} className="muted">
            {t.credential}
          </span>
          <p className="once-credential mono" aria-labelledby={labelId}>
            {reveal.credential}
          </p>
          <div className="row">
            <button
              type="button"
              className="btn btn-primary"
              data-autofocus
              onClick={() => void copy('credential', reveal.credential)}
            >
              {copied === 'credential' ? t.copied : t.copy}
            </button>
            <button type="button" className="btn" onClick={() => void copy('details', details)}>
              {copied === 'details' ? t.copied : t.copyDetails}
            </button>
          </div>
          {once.copyFailed ? (
            <p role="alert" className="field-error">
              {t.copyFailed}
            </p>
          ) : null}
          <p className="once-warning">
            <span aria-hidden="true">{statusGlyph('warning')}</span> {t.warning}
          </p>
          <h3 className="once-details-title">{t.detailsTitle}</h3>
          <pre className="once-details">{details}</pre>
        </div>
        <QrCode text={details} label={t.qr} />
      </div>
      <CredentialOnceActions
        confirming={once.confirming}
        onClose={close}
        onKeepOpen={once.keepOpenNow}
        onDone={once.requestClose}
        keepOpen={once.keepOpen}
        done={once.done}
      />
    </Dialog>
  );
}
