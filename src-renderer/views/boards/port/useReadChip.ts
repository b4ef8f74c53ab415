/** Reading the ESP chip on a port (esp.identify): whether it runs, and why it failed. */
import { useState } from 'react';
import { api } from '../../../api/connection';
import { asSentence } from '../../../format/sentence';

export function useReadChip(path: string): {
  reading: boolean;
  readError: unknown;
  readChip: () => Promise<void>;
} {
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<unknown>(null);
  const readChip = async (): Promise<void> => {
    setReading(true);
    setReadError(null);
    try {
      const r = await api().esp.identify({ port: path });
      if (!r.ok) setReadError(new Error(r.summary));
    } catch (e) {
      setReadError(asSentence(e));
    } finally {
      setReading(false);
    }
  };
  return { reading, readError, readChip };
}
