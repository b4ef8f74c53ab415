/**
 * A new credential, shown once (UI.md §3.6): large monospace, Copy credential, Copy connection
 * details, the same details as a QR code, the warning, and Done. Closing before anything was
 * copied asks first, inline. The credential lives in the admin slice's memory until closed, so
 * leaving the view and coming back still shows it; it is never persisted.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useConnection } from '../../api/connection';
import { copyText } from '../../components/CopyButton';
import { statusGlyph } from '../../components/StatusGlyph';
import { messages } from '../../messages';
import { deviceKey } from '@contract/deviceKey';
import { useAdmin, type Reveal } from '../../state/admin';
import { useBroker } from '../../state/brokerStatus';
import { connectionDetails } from './credential';
import { Dialog } from '../../components/Dialog';
import { QrCode } from '../../components/QrCode';

/** How long a Copy button says "Copied". */
const COPIED_MS = 1_500;

export function CredentialOnceDialog() {
  const reveal = useAdmin((s) => s.reveal);
  return reveal ? <CredentialOnce key={reveal.credential} reveal={reveal} /> : null;
}

function CredentialOnce({ reveal }: { reveal: Reveal }) {
  const t = messages.admin.once;
  const close = useAdmin((s) => s.closeReveal);
  const status = useBroker((s) => s.status);
  const host = useConnection((s) => s.host);
  const [copied, setCopied] = useState<'credential' | 'details' | null>(null);
  const [everCopied, setEverCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const keepOpen = useRef<HTMLButtonElement>(null);
  const done = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  const labelId = useId();
  const details = connectionDetails(reveal, status, host);
  const key = deviceKey(reveal);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  // Focus follows the question: onto "Keep it open" when asked, back to Done when kept open.
  useEffect(() => {
    if (confirming) keepOpen.current?.focus();
    else if (asked.current) done.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);

  const copy = async (what: 'credential' | 'details', text: string): Promise<void> => {
    try {
      await copyText(text);
      setEverCopied(true);
      setCopyFailed(false);
      setConfirming(false);
      setCopied(what);
    } catch {
      setCopyFailed(true);
    }
  };
  const requestClose = (): void => (everCopied ? close() : setConfirming(true));

  return (
    <Dialog
      title={reveal.reason === 'added' ? t.titleAdded(key) : t.titleReset(key)}
      onClose={requestClose}
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
          {copyFailed ? (
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
      {confirming ? (
        <div role="alert" className="once-confirm">
          <p>{t.confirm}</p>
          <div className="admin-dialog-actions">
            <button type="button" className="btn btn-danger" onClick={close}>
              {t.closeAnyway}
            </button>
            <button
              ref={keepOpen}
              type="button"
              className="btn"
              onClick={() => setConfirming(false)}
            >
              {t.keepOpen}
            </button>
          </div>
        </div>
      ) : (
        <div className="admin-dialog-actions">
          <button ref={done} type="button" className="btn btn-primary" onClick={requestClose}>
            {t.done}
          </button>
        </div>
      )}
    </Dialog>
  );
}
