/** A new access token, shown once: the token, a QR code the Thinger mobile app scans, Copy. */
import { CopyButton } from '../../components/CopyButton';
import { QrCode } from '../../components/QrCode';
import { messages } from '../../messages';

const t = messages.tokens;

export function TokenOnce({
  created,
  onDone,
}: {
  created: { name: string; jwt: string };
  onDone: () => void;
}) {
  return (
    <div className="tokens-once" role="region" aria-label={t.onceTitle(created.name)}>
      <h3>{t.onceTitle(created.name)}</h3>
      <p className="settings-caution">{t.onceWarning}</p>
      <div className="tokens-once-body">
        <code className="mono tokens-jwt" data-testid="token-once">
          {created.jwt}
        </code>
        <QrCode text={created.jwt} label={t.qr} />
      </div>
      <div className="row">
        <CopyButton text={created.jwt} label={t.copy} />
        <button type="button" className="btn btn-primary" onClick={onDone}>
          {t.done}
        </button>
      </div>
    </div>
  );
}
