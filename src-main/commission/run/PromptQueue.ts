/**
 * The technician's prompts of one run (manual checks, confirmations before writing to an
 * actuator): they queue up across boards so one person can walk along the bench; a board that is
 * cancelled or ends takes its prompts with it. Bounded.
 */
import { randomUUID } from 'node:crypto';
import type { CommissionPrompt } from '../../contract/commissionSchemas';
import type { PromptAnswer } from '../checks/CheckDevice';

/** Bounded list of prompts waiting per run: one per board at a time, a station of 32 at most. */
const MAX_PENDING_PROMPTS = 64;

interface PendingPrompt {
  prompt: CommissionPrompt;
  resolve: (a: PromptAnswer) => void;
}

const cancelled = (kind: 'manual' | 'confirm', note: string): PromptAnswer =>
  kind === 'confirm' ? { kind, confirmed: false, note } : { kind, verdict: 'skip', note };

export class PromptQueue {
  private readonly pending = new Map<string, PendingPrompt>();

  constructor(
    private readonly now: () => number,
    private readonly changed: () => void,
  ) {}

  list(): CommissionPrompt[] {
    return [...this.pending.values()].map((p) => p.prompt);
  }

  ask(
    board: { port: string; device: string | null; signal: AbortSignal },
    kind: 'manual' | 'confirm',
    text: string,
  ): Promise<PromptAnswer> {
    if (this.pending.size >= MAX_PENDING_PROMPTS)
      return Promise.resolve(cancelled(kind, 'too many prompts waiting'));
    return new Promise((resolve) => {
      const id = `prompt-${randomUUID().slice(0, 8)}`;
      this.pending.set(id, {
        prompt: { id, port: board.port, device: board.device, kind, text, since: this.now() },
        resolve,
      });
      const onAbort = () => {
        if (this.pending.delete(id)) resolve(cancelled(kind, 'cancelled'));
      };
      board.signal.addEventListener('abort', onAbort, { once: true });
      this.changed();
    });
  }

  /** The technician's answer; false when no such prompt is waiting or the kind differs. */
  answer(promptId: string, answer: PromptAnswer): boolean {
    const p = this.pending.get(promptId);
    if (!p || p.prompt.kind !== answer.kind) return false;
    this.pending.delete(promptId);
    p.resolve(answer);
    this.changed();
    return true;
  }

  /** Drops the prompts of one port (undefined: all), answering them with `note`. */
  drop(port: string | undefined, note: string): void {
    for (const [id, p] of this.pending)
      if (port === undefined || p.prompt.port === port) {
        this.pending.delete(id);
        p.resolve(cancelled(p.prompt.kind, note));
      }
  }
}
