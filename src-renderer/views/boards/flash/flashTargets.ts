/**
 * Which boards a flash job takes and why it cannot start yet (UI.md §3.8 step 2), from the
 * wizard's choices and the ports; pure, so step 2 and step 3 agree and tests need no React.
 */
import type { BoardId, BoardProfile } from '@contract/serialSchemas';
import { messages } from '../../../messages';
import type { ChosenFirmware, TargetChoice } from '../../../state/flashing';
import { boardName, type PortRow } from '../../../state/ports';

export interface ChosenTarget {
  port: string;
  board: BoardId;
}

export const boardOf = (choice: TargetChoice | undefined, port: PortRow): BoardId | null =>
  choice?.board ?? port.board;

/**
 * The boards picked for the job: ticked, present, with a board type, and not being flashed (the
 * step summary counts those too: they are being flashed with this selection).
 */
export function chosenTargets(
  targets: Readonly<Record<string, TargetChoice>>,
  ports: readonly PortRow[],
  { withBusy = false } = {},
): ChosenTarget[] {
  return ports.flatMap((p) => {
    const choice = targets[p.path];
    const board = boardOf(choice, p);
    const free = withBusy || p.state !== 'flashing';
    return choice?.selected && p.unpluggedAt === null && free && board
      ? [{ port: p.path, board }]
      : [];
  });
}

const isAbsolutePath = (dir: string): boolean => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(dir);

/** Why Next is disabled, in words (empty: ready). */
export function boardsProblems(
  state: {
    targets: Readonly<Record<string, TargetChoice>>;
    firmware: ChosenFirmware | null;
    backup: boolean;
    backupDir: string;
  },
  ports: readonly PortRow[],
  boards: readonly BoardProfile[],
): string[] {
  const t = messages.flash.boards;
  const ticked = ports.filter(
    (p) => state.targets[p.path]?.selected && p.unpluggedAt === null && p.state !== 'flashing',
  );
  const problems: string[] = [];
  if (!ticked.length) problems.push(t.noneSelected);
  if (ticked.some((p) => !boardOf(state.targets[p.path], p))) problems.push(t.missingBoard);
  const fitOf = (p: PortRow) => {
    const board = boardOf(state.targets[p.path], p);
    return board ? state.firmware?.info.fits.find((f) => f.board === board) : undefined;
  };
  const names = (list: PortRow[]): string =>
    list
      .map((p) =>
        messages.flash.boardOn(boardName(boards, boardOf(state.targets[p.path], p)) ?? '', p.path),
      )
      .join(', ');
  const wrongChip = ticked.filter((p) => fitOf(p)?.wrongChip === true);
  const tooBig = ticked.filter((p) => fitOf(p)?.fits === false && !fitOf(p)?.wrongChip);
  if (wrongChip.length) problems.push(t.wrongChipProblem(names(wrongChip)));
  if (tooBig.length) problems.push(t.tooBig(names(tooBig)));
  if (state.backup && !state.backupDir.trim()) problems.push(t.backupDirMissing);
  else if (state.backup && !isAbsolutePath(state.backupDir.trim()))
    problems.push(t.backupDirRelative);
  return problems;
}
