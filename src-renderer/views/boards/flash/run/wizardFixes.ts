/** What a board's fix does to the flash wizard before it runs (or asks for) a job again. */
import type { FlashJobInfo } from '@contract/flashSchemas';
import type { BoardProfile } from '@contract/serialSchemas';
import { useFlashWizard } from '../../../../state/flashing';
import { usePorts } from '../../../../state/ports';
import type { ChosenTarget } from '../flashTargets';

/** Retrying one board: it is picked, with the board type of the fix remembered for its port. */
export function chooseForRetry(target: ChosenTarget): void {
  useFlashWizard.getState().choose(target.port, { board: target.board, selected: true });
  void usePorts
    .getState()
    .chooseBoard(target.port, target.board)
    .catch(() => undefined);
}

/**
 * A fix that needs another file: only this board stays picked, with its (new) board type
 * remembered for the port, and step 1 asks for the firmware built for it.
 */
export function askFirmwareFor(job: FlashJobInfo, port: string, profile: BoardProfile): void {
  const wizard = useFlashWizard.getState();
  const targets = Object.fromEntries(
    Object.entries(wizard.targets).map(([p, c]) => [p, { ...c, selected: false }]),
  );
  targets[port] = { selected: true, board: profile.id };
  wizard.set({
    targets,
    firmware: null,
    text: null,
    jobId: null,
    step: 'firmware',
    wanted: {
      port,
      board: profile.id,
      boardName: profile.name,
      previous: job.firmware.target?.name ?? null,
    },
  });
  void usePorts
    .getState()
    .chooseBoard(port, profile.id)
    .catch(() => undefined);
}
