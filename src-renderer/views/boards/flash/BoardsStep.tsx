/**
 * Step 2, Boards (UI.md §3.8): a checklist of the ports, a board type for each with the
 * firmware's fit, and the options Verify after writing (on) and Back up current firmware first
 * (off; a folder on the machine running main). A port the serial monitor holds can be chosen:
 * the monitor pauses and resumes by itself.
 */
import type { BoardFit } from '@contract/flashSchemas';
import type { BoardId, BoardProfile } from '@contract/serialSchemas';
import { useConnection } from '../../../api/connection';
import { EmptyState } from '../../../components/EmptyState';
import { messages } from '../../../messages';
import { useFlashWizard, type ChosenFirmware, type TargetChoice } from '../../../state/flashing';
import { boardName, usePorts, type PortRow } from '../../../state/ports';
import { Check } from '../../../components/Check';
import { portTitle } from '../port/portTitle';

export interface ChosenTarget {
  port: string;
  board: BoardId;
}

const boardOf = (choice: TargetChoice | undefined, port: PortRow): BoardId | null =>
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

export function BoardsStep({ onAddPort, onNext }: { onAddPort: () => void; onNext: () => void }) {
  const ports = usePorts((s) => s.ports);
  const boards = usePorts((s) => s.boards);
  const loaded = usePorts((s) => s.loaded);
  const targets = useFlashWizard((s) => s.targets);
  const firmware = useFlashWizard((s) => s.firmware);
  const verify = useFlashWizard((s) => s.verify);
  const backup = useFlashWizard((s) => s.backup);
  const backupDir = useFlashWizard((s) => s.backupDir);
  const runtime = useConnection((s) => s.runtime);
  const host = useConnection((s) => s.host);
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

      <fieldset className="flash-options">
        <legend>{t.options}</legend>
        <Check
          checked={verify}
          onChange={(verify) => set({ verify })}
          label={t.verify}
          hint={t.verifyHint}
        />
        {!verify && (
          <p className="flash-warn" role="status">
            <span aria-hidden="true">▲</span> {t.verifyOffWarning}
          </p>
        )}
        <Check
          checked={backup}
          onChange={(backup) => set({ backup })}
          label={t.backup}
          hint={t.backupHint(runtime === 'console' ? host : messages.boards.thisComputer)}
        />
        {backup && (
          <label className="backup-dir">
            <span>{t.backupDir}</span>
            <input
              className="field mono"
              value={backupDir}
              placeholder={t.backupDirPlaceholder}
              spellCheck={false}
              aria-invalid={
                problems.includes(t.backupDirMissing) || problems.includes(t.backupDirRelative)
                  ? true
                  : undefined
              }
              onChange={(e) => set({ backupDir: e.target.value })}
            />
          </label>
        )}
      </fieldset>

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

function TargetRow({
  port,
  boards,
  choice,
  fits,
}: {
  port: PortRow;
  boards: readonly BoardProfile[];
  choice: TargetChoice | undefined;
  fits: readonly BoardFit[];
}) {
  const t = messages.flash.boards;
  const board = boardOf(choice, port);
  const fit = board ? fits.find((f) => f.board === board) : undefined;
  const gone = port.unpluggedAt !== null;
  const busy = port.state === 'flashing';
  const title = portTitle(port, boards);
  const selected = !!choice?.selected && !gone && !busy;
  const choose = useFlashWizard.getState().choose;

  const pickBoard = (value: string): void => {
    const id = value ? (value as BoardId) : null;
    choose(port.path, { board: id, selected: true });
    // The choice is also remembered for the port, as on the Boards page.
    void usePorts
      .getState()
      .chooseBoard(port.path, id)
      .catch(() => undefined);
  };

  return (
    <div className={`target-row${gone ? ' port-gone' : ''}${selected ? ' target-selected' : ''}`}>
      <label className="bf-check target-pick">
        <input
          type="checkbox"
          checked={selected}
          disabled={gone || busy}
          aria-label={t.pick(title, port.path)}
          onChange={(e) => choose(port.path, { selected: e.target.checked, board })}
        />
        <span aria-hidden="true">
          <strong>{title}</strong> <span className="mono muted">{port.path}</span>
        </span>
      </label>
      <select
        className="field"
        aria-label={t.boardLabel(port.path)}
        value={board ?? ''}
        disabled={gone || busy}
        onChange={(e) => pickBoard(e.target.value)}
      >
        <option value="">{t.chooseBoard}</option>
        {boards.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
      <span className={`target-fit${fit && !fit.fits ? ' fit-bad' : ''}`}>
        {gone
          ? t.unplugged
          : busy
            ? t.busy
            : fit
              ? `${fit.fits ? t.fit : fit.wrongChip ? t.wrongChip : t.doesNotFit}: ${fit.text}`
              : board
                ? null
                : t.needsBoard}
      </span>
      {port.state === 'monitor' && !gone && <p className="muted target-note">{t.monitorNote}</p>}
    </div>
  );
}
