/**
 * Pure helpers of the Commission view: a new plan, the preview of the next ids a pattern gives,
 * a step's glyph and word, and saving generated files (certificates, summaries).
 */
import type {
  CommissionPlanInput,
  CommissionRunInfo,
  StepStatus,
} from '@contract/commissionSchemas';
import type { GeneratedFile } from '@contract/commissionCalls';

export function newPlan(): CommissionPlanInput {
  return {
    name: 'New product',
    target: { kind: 'esp', chip: 'esp32' },
    firmware: [],
    identity: { pattern: 'device-{n:3}', start: 1, user: 'studio', onExisting: 'refuse' },
    broker: { host: 'auto', port: 25204 },
    wifi: null,
    provisioning: 'nvs',
    joinTimeoutS: 60,
    checks: { outputs: true, inputs: true, maxRttMs: 1000, ranges: [], manual: [] },
  };
}

/** "pump-014, pump-015, pump-016"; MAC and serial placeholders shown as they will be filled. */
export function previewIds(pattern: string, start: number, count = 3): string[] {
  return Array.from({ length: count }, (_, i) =>
    pattern
      .replace(/\{n(?::(\d))?\}/g, (_, w?: string) =>
        String(start + i).padStart(w ? Number(w) : 0, '0'),
      )
      .replace(/\{mac\}/g, '‹mac›')
      .replace(/\{mac6\}/g, '‹mac6›')
      .replace(/\{serial\}/g, '‹serial›'),
  );
}

export const STEP_GLYPH: Record<StepStatus, string> = {
  pending: '·',
  running: '◐',
  passed: '●',
  failed: '✕',
  skipped: '–',
  cancelled: '✕',
};

/** Passed/failed counts of a run that ended. */
export function runSummary(run: CommissionRunInfo): { pass: number; fail: number } {
  const pass = run.boards.filter((b) => b.status === 'pass').length;
  return { pass, fail: run.boards.length - pass };
}

/** Saves a file the API generated (base64 PDF or text) as a download. */
export function saveGenerated(file: GeneratedFile): void {
  const bytes =
    file.encoding === 'base64'
      ? Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0))
      : new TextEncoder().encode(file.data);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
