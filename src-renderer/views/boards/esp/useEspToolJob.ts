/**
 * An ESP tool's job (UI.md §3.7): `esp.start` for the port's ESP family, the job then followed in
 * the flashing store; a failure to start is kept as a sentence for the dialog. Clearing the job
 * (Again, or a fix's Retry) goes back to the tool's form.
 */
import { useState } from 'react';
import type { EspToolRequest } from '@contract/espCalls';
import type { BoardId } from '@contract/serialSchemas';
import { api } from '../../../api/connection';
import { asSentence } from '../../../format/sentence';
import { useFlashing } from '../../../state/flashing';

export function useEspToolJob(port: string, family: BoardId | null, shownJob: string | null) {
  const [jobId, setJobId] = useState<string | null>(shownJob);
  const job = useFlashing((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const start = async (operation: EspToolRequest): Promise<void> => {
    setStarting(true);
    setError(null);
    try {
      const { job: started } = await api().esp.start({
        port,
        ...(family ? { board: family } : {}),
        operation,
      });
      useFlashing.getState().apply({ kind: 'job', job: started });
      setJobId(started.id);
    } catch (e) {
      setError(asSentence(e));
    } finally {
      setStarting(false);
    }
  };

  return { job, starting, error, start, clear: () => setJobId(null) };
}
