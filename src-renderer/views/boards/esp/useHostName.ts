/** Where main runs, as a technician reads it: the gateway's host name, or "this computer". */
import { useConnection } from '../../../api/connection';
import { messages } from '../../../messages';

export function useHostName(): string {
  const runtime = useConnection((s) => s.runtime);
  const host = useConnection((s) => s.host);
  return runtime === 'console' ? host : messages.boards.thisComputer;
}
