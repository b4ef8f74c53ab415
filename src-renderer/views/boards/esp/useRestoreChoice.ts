/**
 * Restore…'s state: the backups to choose from (this board's first), the one chosen or the path
 * typed instead (each clears the other), and what would be written.
 */
import { useState } from 'react';
import type { EspBackupInfo } from '@contract/espCalls';
import type { BoardId } from '@contract/serialSchemas';
import type { PortRow } from '../../../state/ports';
import { restoreRefusal, splitBackups } from './espTools';
import { elsewhereProblem, restorePick } from './restoreChoice';
import { useBackups } from './useBackups';

export function useRestoreChoice(port: PortRow, family: BoardId | null) {
  const { folder, backups, error } = useBackups();
  const [chosen, setChosen] = useState<EspBackupInfo | null>(null);
  // A backup outside the app's folder (one saved before a flash into a folder of the technician's).
  const [elsewhere, setElsewhere] = useState('');
  const flashSize = port.espChip?.flashSize ?? null;
  const boardName = port.espChip?.name ?? family?.toUpperCase() ?? 'board';
  const refusal = (b: EspBackupInfo) => restoreRefusal(b, family, boardName, flashSize);

  return {
    folder,
    backups,
    error,
    ...(backups ? splitBackups(backups, port) : { mine: [], others: [] }),
    /** How a backup table picks one (only one that can go onto the board). */
    pick: (note?: string) => ({
      chosen: chosen?.file ?? null,
      onPick: (b: EspBackupInfo) => {
        setChosen(b);
        setElsewhere('');
      },
      refusal,
      ...(note ? { note } : {}),
    }),
    elsewhere,
    setElsewhere: (text: string) => {
      setElsewhere(text);
      if (text.trim()) setChosen(null);
    },
    elsewhereProblem: elsewhereProblem(elsewhere),
    picked: restorePick(elsewhere, chosen, refusal),
  };
}
