/** Keeps the ports and flash-job slices live while a component that shows them is mounted. */
import { useEffect } from 'react';
import { useConnection } from '../../api/connection';
import { followFlashing } from '../../state/flashing';
import { followPorts } from '../../state/ports';

export function useFollowBoards(): void {
  const usable = useConnection((s) => s.link !== 'no-token');
  useEffect(() => (usable ? followPorts() : undefined), [usable]);
  useEffect(() => (usable ? followFlashing() : undefined), [usable]);
}
