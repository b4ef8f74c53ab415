/**
 * Sending from the send line (UI.md §3.9): one serial.send at a time, as text with the port's
 * line ending or as hex; a line sent goes into the port's history and the draft empties; the
 * bytes written or the failure are kept for the line to show.
 */
import { useState } from 'react';
import { api } from '../../api/connection';
import { asSentence } from '../../format/sentence';
import { settingsOf, useSerialSettings } from '../../state/serialSettings';

export function useSerialSend(port: string, sendHex: boolean) {
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  /** Bytes the last send wrote (null: nothing sent since the line was edited). */
  const [sent, setSent] = useState<number | null>(null);

  /** Sends `data`; true when it was written. */
  const send = async (data: string): Promise<boolean> => {
    const store = useSerialSettings.getState();
    setSending(true);
    setError(null);
    try {
      const { bytes } = await api().serial.send({
        port,
        data,
        mode: sendHex ? 'hex' : 'text',
        ...(sendHex ? {} : { lineEnding: settingsOf(port).lineEnding }),
      });
      if (data) store.remember(port, data);
      store.setDraft(port, '');
      setSent(bytes);
      return true;
    } catch (err) {
      setError(asSentence(err));
      return false;
    } finally {
      setSending(false);
    }
  };

  return { send, sending, sent, error, forgetSent: () => setSent(null) };
}
