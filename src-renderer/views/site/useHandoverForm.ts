/**
 * The hand-over dialog's form: what was typed, the site's boards connected over USB now (offered
 * for re-provisioning with the new server), the errors (shown once Start was pressed), and the
 * start call (handover.start). The token is kept in main for the next time and never shown: with
 * one stored for this very server the field may stay empty.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { HandoverBoard, HandoverJob, HandoverServer } from '@contract/handoverCalls';
import { api } from '../../api/connection';
import { messages } from '../../messages';
import { parseCredentials, parseDeviceAddress } from './handoverInput';

const t = messages.handover;

export function useHandoverForm(
  server: HandoverServer | null,
  site: string | null,
  onStarted: (job: HandoverJob) => void,
  onClose: () => void,
) {
  const [target, setTarget] = useState(server?.target ?? '');
  const [token, setToken] = useState('');
  const [credentials, setCredentials] = useState('');
  const [watchSeconds, setWatchSeconds] = useState(600);
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
  /** A field's error, once Start was pressed. */
  const shown = (e: string | null): string | null => (submitted ? e : null);

  return {
    fields: { target, token, credentials, watchSeconds, usb, deviceAddress },
    set: { setTarget, setToken, setCredentials, setWatchSeconds, setUsb, setDeviceAddress },
    errors: {
      target: shown(targetError),
      token: shown(tokenError),
      credentials: shown(credentialsError),
      address: shown(addressError),
    },
    boards,
    cleanTarget,
    tokenStored,
    pending,
    error,
    submit,
  };
}
