/** Keeps the ports and flash-job slices live while a component that shows them is mounted. */
import { useEffect } from 'react';
import { useConnection } from '../api/connection';
import { followFlashing } from './flashing';
import { followPorts } from './ports';

/** Runs a follower; without an API installed (a component test of the shell) there is none. */
const tryFollow = (follow: () => () => void): (() => void) | undefined => {
  try {
    return follow();
  } catch {
    return undefined;
  }
};

export function useFollowBoards(): void {
  const usable = useConnection((s) => s.link !== 'no-token');
  useEffect(() => (usable ? tryFollow(followPorts) : undefined), [usable]);
  useEffect(() => (usable ? tryFollow(followFlashing) : undefined), [usable]);
}
