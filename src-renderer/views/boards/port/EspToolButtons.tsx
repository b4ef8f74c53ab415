/**
 * Backup, Restore and Erase for an ESP port; while one of them runs on the port (its dialog may
 * have been closed), one button shows that job instead.
 */
import { messages } from '../../../messages';
import { isRunning, useFlashing } from '../../../state/flashing';
import type { EspTool } from '../esp/espTools';

/** Which tool to open, and the job it shows (null: a new one). */
export type ToolChoice = { tool: EspTool; jobId: string | null };

const TOOLS: readonly EspTool[] = ['backup', 'restore', 'erase'];

export function EspToolButtons({
  path,
  espFamily,
  busy,
  onTool,
}: {
  path: string;
  /** The board is an ESP, so the tools apply. */
  espFamily: boolean;
  busy: boolean;
  onTool: (choice: ToolChoice) => void;
}) {
  const et = messages.espTools;
  const toolJob = useFlashing(
    (s) =>
      s.jobs.find(
        (j) =>
          isRunning(j) &&
          (j.operation ?? 'flash') !== 'flash' &&
          j.boards.some((b) => b.port === path),
      ) ?? null,
  );
  if (toolJob)
    return (
      <button
        type="button"
        className="btn"
        aria-label={et.showJobLabel(path)}
        onClick={() => onTool({ tool: toolJob.operation as EspTool, jobId: toolJob.id })}
      >
        {et.showJob}
      </button>
    );
  if (!espFamily) return null;
  const label = { backup: et.backupLabel, restore: et.restoreLabel, erase: et.eraseLabel };
  return (
    <>
      {TOOLS.map((tool) => (
        <button
          key={tool}
          type="button"
          className={tool === 'erase' ? 'btn btn-danger' : 'btn'}
          aria-label={label[tool](path)}
          disabled={busy}
          onClick={() => onTool({ tool, jobId: null })}
        >
          {et[tool]}
        </button>
      ))}
    </>
  );
}
