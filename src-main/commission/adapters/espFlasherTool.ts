/**
 * The EspTool of a commissioning run over the app's ROM-loader flasher (flash/jobs/EspFlasher, the
 * one SerialService owns: its port leases and job reporting): identify is the loader's chip/MAC
 * answer; a write is one flash job (stub, fast baud, compressed blocks, MD5 verify, then the
 * board boots or stays in the loader for the next step), its progress and log passed on,
 * cancelled with the board's run. A failed job is a CommissionError naming the flasher's sentence.
 */
import type { EspFlasher } from '../../flash/jobs/EspFlasher';
import type { EspJob, EspJobResult } from '../../flash/jobs/EspJob';
import { FlashErrorCode, isFlashError } from '../../flash/protocol';
import { first } from '../../contract/present';
import { CommissionError } from '../CommissionError';
import type { BoardPort, StepContext } from '../steps/adapters';
import type { EspTool } from './espAdapter';

const target = (port: BoardPort) => ({
  path: port.path,
  ...(port.serialNumber ? { serialNumber: port.serialNumber } : {}),
  ...(port.vendorId ? { vendorId: port.vendorId } : {}),
  ...(port.productId ? { productId: port.productId } : {}),
});

/** Phases in which the flash changes: a job that failed after one may have written part. */
const WRITING_PHASES = new Set(['erasing', 'writing', 'verifying', 'done']);

async function follow(
  job: EspJob,
  ctx: StepContext,
  what: string,
): Promise<Extract<EspJobResult, { ok: true }>> {
  const onAbort = () => job.cancel();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  // Over every attempt of the job (it reconnects after a stall): a phase seen once counts.
  let wrote = false;
  const offProgress = job.onProgress((p) => {
    wrote ||= WRITING_PHASES.has(p.phase);
    ctx.progress(p.percent, `${p.phase} ${what}`);
  });
  const offLog = job.onLog((l) => ctx.log(l));
  try {
    const r = await job.result;
    if (!r.ok)
      throw new CommissionError(
        r.error.code === FlashErrorCode.WRONG_CHIP ? 'WRONG_TARGET' : 'FLASH',
        r.error.message,
        r.error.detail,
        wrote || WRITING_PHASES.has(r.error.phase ?? ''),
      );
    return r;
  } finally {
    offProgress();
    offLog();
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

export function espFlasherTool(flasher: EspFlasher): EspTool {
  return {
    identify: async (port, ctx) => {
      const r = await follow(
        flasher.one(target(port), { kind: 'identify' }),
        ctx,
        'the ROM loader',
      );
      return { chip: r.facts.chip, name: r.facts.name, mac: r.facts.mac };
    },
    write: async (port, regions, ctx, after) => {
      let plan;
      try {
        plan = flasher.plan(regions.map((r) => ({ name: r.name, data: r.data, offset: r.offset })));
      } catch (e) {
        if (isFlashError(e))
          throw new CommissionError(
            e.code === FlashErrorCode.WRONG_CHIP ? 'WRONG_TARGET' : 'FIRMWARE',
            e.message,
          );
        throw e;
      }
      const names = regions.map((r) => r.name).join(', ');
      const jobs = flasher.flash([target(port)], plan, {
        after: after === 'stay' ? 'loader' : 'boot',
      });
      const r = await follow(first(jobs, 'flash job'), ctx, names);
      return { verified: r.verified };
    },
  };
}
