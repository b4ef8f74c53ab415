/**
 * The ESP flash tools of a board's row (UI.md §3.7): back up the whole flash, restore a backup,
 * erase all or a region. Each runs in main as a job (`esp.start`) and shows here with the Flash
 * flow's own progress row (phases, bar, figures, Cancel, result, Log). Restore and erase ask for
 * a confirmation that names the board; what cannot work (another chip family, a backup larger
 * than the flash, a region off the 4 KB sectors) is refused here in words, and again in main.
 */
import { useState } from 'react';
import type { BoardProfile } from '@contract/serialSchemas';
import { api } from '../../../api/connection';
import { Dialog } from '../../../components/Dialog';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { asSentence } from '../../../format/sentence';
import { messages } from '../../../messages';
import { useFlashing } from '../../../state/flashing';
import type { PortRow } from '../../../state/ports';
import { BoardProgress } from '../flash/BoardProgress';
import { EraseForm, type EraseChoice } from './EraseForm';
import { RestoreForm } from './RestoreForm';
import { BackupForm } from './BackupForm';
import { espFamilyOf, type EspTool } from './espTools';
import './espTools.css';

export function EspToolsDialog({
  port,
  title,
  boards,
  tool,
  jobId: shownJob = null,
  onClose,
}: {
  port: PortRow;
  /** The board as its row names it ("ESP32"). */
  title: string;
  boards: readonly BoardProfile[];
  tool: EspTool;
  /** A job already running on the port (Show progress). */
  jobId?: string | null;
  onClose: () => void;
}) {
  const t = messages.espTools;
  const [jobId, setJobId] = useState<string | null>(shownJob);
  const job = useFlashing((s) => s.jobs.find((j) => j.id === jobId) ?? null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const boardOn = messages.flash.boardOn(title, port.path);
  const family = espFamilyOf(port, boards);

  const start = async (
    operation:
      | { kind: 'backup' }
      | { kind: 'restore'; backupFile: string }
      | { kind: 'erase'; region?: { offset: number; length: number } },
  ): Promise<void> => {
    setStarting(true);
    setError(null);
    try {
      const { job: started } = await api().esp.start({
        port: port.path,
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

  const eraseNow = (choice: EraseChoice) =>
    void start(choice === 'all' ? { kind: 'erase' } : { kind: 'erase', region: choice });

  return (
    <Dialog title={t.titles[tool](boardOn)} onClose={onClose} wide>
      <div className="esp-tools">
        {job ? (
          <>
            <ul className="flash-rows" aria-label={t.titles[tool](boardOn)}>
              {job.boards.map((b) => (
                <BoardProgress
                  key={b.port}
                  job={job}
                  board={b}
                  boards={boards}
                  // A fix here runs the same tool again (after holding BOOT, at 115 200 baud…).
                  onRetry={() => setJobId(null)}
                  onChooseFirmware={() => undefined}
                />
              ))}
            </ul>
            {job.running ? <p className="muted">{t.runsOn}</p> : null}
          </>
        ) : tool === 'backup' ? (
          <BackupForm
            port={port}
            starting={starting}
            onStart={() => void start({ kind: 'backup' })}
          />
        ) : tool === 'restore' ? (
          <RestoreForm
            port={port}
            family={family}
            boardOn={boardOn}
            starting={starting}
            onRestore={(file) => void start({ kind: 'restore', backupFile: file })}
          />
        ) : (
          <EraseForm port={port} boardOn={boardOn} starting={starting} onErase={eraseNow} />
        )}
        {error ? <ErrorNotice error={error} title={t.startFailed} /> : null}
        {job && !job.running ? (
          <div className="admin-dialog-actions">
            <button type="button" className="btn" onClick={() => setJobId(null)}>
              {t.again}
            </button>
            <button type="button" className="btn btn-primary" onClick={onClose}>
              {t.close}
            </button>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
