/**
 * Step 2, Boards (UI.md §3.8): a checklist of the ports, a board type for each with the
 * firmware's fit, and the options Verify after writing (on) and Back up current firmware first
 * (off; a folder on the machine running main). A port the serial monitor holds can be chosen:
 * the monitor pauses and resumes by itself.
 */
import { EmptyState } from '../../../components/EmptyState';
import { messages } from '../../../messages';
import { useFlashWizard } from '../../../state/flashing';
import { usePorts } from '../../../state/ports';
import { boardsProblems, chosenTargets } from './flashTargets';
import { FlashOptions } from './FlashOptions';
import { TargetRow } from './TargetRow';

export function BoardsStep({ onAddPort, onNext }: { onAddPort: () => void; onNext: () => void }) {
  const ports = usePorts((s) => s.ports);
  const boards = usePorts((s) => s.boards);
  const loaded = usePorts((s) => s.loaded);
  const targets = useFlashWizard((s) => s.targets);
  const firmware = useFlashWizard((s) => s.firmware);
  const backup = useFlashWizard((s) => s.backup);
  const backupDir = useFlashWizard((s) => s.backupDir);
  const t = messages.flash.boards;
  const problems = boardsProblems({ targets, firmware, backup, backupDir }, ports, boards);
  const count = chosenTargets(targets, ports).length;
  const set = useFlashWizard.getState().set;

  if (loaded && ports.length === 0)
    return (
      <EmptyState title={messages.boards.empty.title} glyph="⌁">
        <p>{messages.boards.empty.body}</p>
        <button type="button" className="btn" onClick={onAddPort}>
          {messages.boards.addByPath}
        </button>
      </EmptyState>
    );

  return (
    <div className="boards-step">
      <fieldset className="target-list">
        <legend>{t.title}</legend>
        {ports
          .filter((p) => !p.system || targets[p.path]?.selected)
          .map((p) => (
            <TargetRow
              key={p.path}
              port={p}
              boards={boards}
              choice={targets[p.path]}
              fits={firmware?.info.fits ?? []}
            />
          ))}
      </fieldset>

      <FlashOptions
        backupDirWrong={
          problems.includes(t.backupDirMissing) || problems.includes(t.backupDirRelative)
        }
      />

      <div className="row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={problems.length > 0}
          aria-describedby={problems.length ? 'boards-problems' : undefined}
          onClick={() => {
            set({ jobId: null });
            onNext();
          }}
        >
          {t.next(count)}
        </button>
        {problems.length > 0 && (
          <span id="boards-problems" className="muted">
            {problems.join(' ')}
          </span>
        )}
      </div>
    </div>
  );
}
