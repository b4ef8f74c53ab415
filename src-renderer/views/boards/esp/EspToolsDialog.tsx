/**
 * The ESP flash tools of a board's row (UI.md §3.7): back up the whole flash, restore a backup,
 * erase all or a region. Each runs in main as a job (`esp.start`) and shows here with the Flash
 * flow's own progress row (phases, bar, figures, Cancel, result, Log). Restore and erase ask for
 * a confirmation that names the board; what cannot work (another chip family, a backup larger
 * than the flash, a region off the 4 KB sectors) is refused here in words, and again in main.
 * The job: useEspToolJob; its view: EspJobView.
 */
import type { BoardProfile } from '@contract/serialSchemas';
import { Dialog } from '../../../components/Dialog';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { messages } from '../../../messages';
import type { PortRow } from '../../../state/ports';
import { EraseForm } from './EraseForm';
import { RestoreForm } from './RestoreForm';
import { BackupForm } from './BackupForm';
import { EspJobView, JobDoneActions } from './EspJobView';
import { espFamilyOf, type EraseChoice, type EspTool } from './espTools';
import { useEspToolJob } from './useEspToolJob';
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
  const boardOn = messages.flash.boardOn(title, port.path);
  const family = espFamilyOf(port, boards);
  const { job, starting, error, start, clear } = useEspToolJob(port.path, family, shownJob);

  const eraseNow = (choice: EraseChoice) =>
    void start(choice === 'all' ? { kind: 'erase' } : { kind: 'erase', region: choice });

  return (
    <Dialog title={t.titles[tool](boardOn)} onClose={onClose} wide>
      <div className="esp-tools">
        {job ? (
          <EspJobView job={job} label={t.titles[tool](boardOn)} boards={boards} onAgain={clear} />
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
        {job && !job.running ? <JobDoneActions onAgain={clear} onClose={onClose} /> : null}
      </div>
    </Dialog>
  );
}
