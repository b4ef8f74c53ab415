/**
 * Starts a hand-over of the site to a production server (UI.md §3.12 "Hand over"): the server's
 * address and token (kept in main for the next time, never shown), credentials captured when
 * they were issued, and how long to wait for the devices to connect there. Errors stay at the
 * field that caused them; the server's refusal is shown in words.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { HandoverBoard, HandoverJob, HandoverServer } from '@contract/handoverCalls';
import { api } from '../../api/connection';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import './handover.css';

const t = messages.handover;

/** `{"user/device": "credential"}`, or null when the text is not that. */
function parseCredentials(text: string): Record<string, string> | null {
  if (text.trim() === '') return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.every(([k, c]) => /^[^/]+\/[^/]+$/.test(k) && typeof c === 'string' && c))
      return null;
    return Object.fromEntries(entries) as Record<string, string>;
  } catch {
    return null;
  }
}

/**
 * "host:port" where devices dial the new server; empty: the server's host, port 25204 (main's
 * default, undefined here); null when the text is not that.
 */
export function parseDeviceAddress(
  text: string,
): { host: string; port: number } | undefined | null {
  const v = text.trim();
  if (v === '') return undefined;
  const [, host, digits] = /^(\[[0-9a-fA-F:.]+\]|[^\s/:[\]]+):(\d{1,5})$/.exec(v) ?? [];
  const port = Number(digits);
  return host !== undefined && port >= 1 && port <= 65_535 ? { host, port } : null;
}

const defaultAddress = (target: string): string => {
  try {
    return `${new URL(target).hostname}:25204`;
  } catch {
    return 'iot.example.com:25204';
  }
};

export function HandoverDialog({
  server,
  site,
  devices,
  onStarted,
  onClose,
}: {
  server: HandoverServer | null;
  site: string | null;
  devices: number;
  onStarted: (job: HandoverJob) => void;
  onClose: () => void;
}) {
  const [target, setTarget] = useState(server?.target ?? '');
  const [token, setToken] = useState('');
  const [credentials, setCredentials] = useState('');
  const [watchSeconds, setWatchSeconds] = useState(600);
  // Boards connected over USB now: offered for re-provisioning with the new server.
  const [boards, setBoards] = useState<readonly HandoverBoard[]>([]);
  const [usb, setUsb] = useState(true);
  const [deviceAddress, setDeviceAddress] = useState('');
  useEffect(() => {
    let live = true;
    void api()
      .handover.boards({ site })
      .then((r) => live && setBoards(r.boards))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [site]);
  const [submitted, setSubmitted] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const cleanTarget = target.trim().replace(/\/+$/, '');
  const tokenStored = server?.tokenSet === true && server.target === cleanTarget;
  const targetError = /^https?:\/\/[^/\s]+/.test(cleanTarget) ? null : t.targetInvalid;
  const tokenError = token.trim() || tokenStored ? null : t.tokenMissing;
  const parsed = parseCredentials(credentials);
  const credentialsError = parsed ? null : t.credentialsInvalid;
  const reprovision = usb && boards.length > 0;
  const address = parseDeviceAddress(deviceAddress);
  const addressError = reprovision && address === null ? t.deviceAddressInvalid : null;

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setSubmitted(true);
    if (targetError || tokenError || !parsed || addressError) return;
    setPending(true);
    setError(null);
    try {
      const { job } = await api().handover.start({
        target: cleanTarget,
        ...(token.trim() ? { token: token.trim() } : {}),
        site,
        credentials: parsed,
        watchSeconds,
        reprovisionUsb: reprovision,
        ...(reprovision && address ? { deviceAddress: address } : {}),
      });
      onStarted(job);
      onClose();
    } catch (err) {
      setError(err);
      setPending(false);
    }
  };

  return (
    <Dialog title={t.title} onClose={onClose} wide>
      <form className="handover-form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">{t.intro}</p>
        <p>
          <strong>{t.devices(devices, site)}</strong>
        </p>
        <TextField
          label={t.target}
          hint={t.targetHint}
          value={target}
          error={submitted ? targetError : null}
          onValue={setTarget}
          data-autofocus={server ? undefined : true}
          inputMode="url"
          mono
        />
        <TextField
          label={t.token}
          hint={tokenStored ? t.tokenStored : t.tokenHint}
          value={token}
          error={submitted ? tokenError : null}
          onValue={setToken}
          data-autofocus={server ? true : undefined}
          type="password"
          mono
        />
        <label className="handover-credentials">
          <span>{t.credentials}</span>
          <textarea
            className="field mono"
            rows={3}
            value={credentials}
            spellCheck={false}
            aria-invalid={submitted && credentialsError ? true : undefined}
            onChange={(e) => setCredentials(e.target.value)}
            placeholder='{"site/boiler-1": "…"}'
          />
          <span className="small muted">{t.credentialsHint}</span>
          {submitted && credentialsError ? (
            <span className="small field-error" role="alert">
              {credentialsError}
            </span>
          ) : null}
        </label>
        {boards.length > 0 && (
          <fieldset className="handover-usb">
            <legend>{t.usbTitle}</legend>
            <label className="form-row inline">
              <input type="checkbox" checked={usb} onChange={(e) => setUsb(e.target.checked)} />
              <span>{t.usb(boards.length)}</span>
            </label>
            <ul className="small muted mono">
              {boards.map((b) => (
                <li key={`${b.user}/${b.device}`}>
                  {b.device} · {b.port}
                </li>
              ))}
            </ul>
            {usb && (
              <TextField
                label={t.deviceAddress}
                hint={t.deviceAddressHint}
                value={deviceAddress}
                error={submitted ? addressError : null}
                onValue={setDeviceAddress}
                placeholder={defaultAddress(cleanTarget)}
                mono
              />
            )}
          </fieldset>
        )}
        <label className="form-row inline">
          <span>{t.watch}</span>
          <select
            className="field"
            value={watchSeconds}
            onChange={(e) => setWatchSeconds(Number(e.target.value))}
          >
            {t.watchChoices.map(([s, label]) => (
              <option key={s} value={s}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {error !== null ? <ErrorNotice error={error} title={t.failed} /> : null}
        <div className="handover-actions">
          <button type="button" className="btn" onClick={onClose}>
            {messages.common.cancel}
          </button>
          <button type="submit" className="btn btn-primary" disabled={pending}>
            {pending ? t.starting : t.submit}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
