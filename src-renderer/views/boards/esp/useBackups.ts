/** The backups in main's backup folder (`esp.backups`), read when a tool dialog opens. */
import { useEffect, useState } from 'react';
import type { EspBackupInfo } from '@contract/espCalls';
import { api } from '../../../api/connection';
import { asSentence } from '../../../format/sentence';

export interface Backups {
  folder: string | null;
  backups: readonly EspBackupInfo[] | null;
  error: unknown;
}

export function useBackups(): Backups {
  const [state, setState] = useState<Backups>({ folder: null, backups: null, error: null });
  useEffect(() => {
    let live = true;
    api()
      .esp.backups({})
      .then(
        (r) => live && setState({ folder: r.folder, backups: r.backups, error: null }),
        (e: unknown) => live && setState({ folder: null, backups: [], error: asSentence(e) }),
      );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
