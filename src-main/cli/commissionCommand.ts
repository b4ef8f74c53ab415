/**
 * `iotmp commission --plan plan.json --port P [--port P2 …]`: commissions boards from a script,
 * with the app's own services (broker on the plan's port, the data folder's registry and records),
 * one line per step as it completes, and at the end where each record and certificate went.
 * Manual checks are asked on a terminal; without one they are recorded as skipped.
 */
import { deviceKey } from '../contract/deviceKey';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { Studio } from '../app/Studio';
import { defaultDataDir } from '../app/dataDir';
import type { CommissionRecord } from '../contract/commissionSchemas';
import {
  certificateJson,
  certificatePdf,
  summaryCsv,
} from '../commission/certificate/certificates';
import { isCommissionError } from '../commission/CommissionError';
import { parsePlan } from '../commission/planInput';
import type { CommissionRun } from '../commission/CommissionRun';
import { UsageError } from './UsageError';

export interface CommissionOptions {
  plan: string;
  port: string[];
  site: string;
  technician: string;
  dataDir: string;
  out: string;
  /** Device TCP listener (default: the plan's broker port). */
  tcpPort?: number;
  /** Confirm actuator writes without asking. */
  yes?: boolean;
}

export interface CommissionIo {
  out: (line: string) => void;
  /** Asks the technician; null: no terminal (the check is skipped). */
  ask: ((question: string) => Promise<string>) | null;
  signal: AbortSignal;
  /** Extra Studio configuration (tests: low scrypt cost, adapters at the USB edge). */
  studio?: Partial<Parameters<typeof Studio.start>[0]>;
}

const stamp = (): string => new Date().toISOString().slice(11, 19);

/** Prints step changes as they happen: one line per board per step that ended. */
function narrate(run: CommissionRun, out: (line: string) => void): () => void {
  const said = new Set<string>();
  return run.onChange((r) => {
    for (const b of r.info().boards)
      for (const s of b.steps) {
        if (s.status === 'pending' || s.status === 'running') continue;
        const key = `${b.port}:${s.step}`;
        if (said.has(key)) continue;
        said.add(key);
        out(`${stamp()} ${b.port} ${s.step.padEnd(9)} ${s.status.padEnd(8)} ${s.detail}`);
      }
  });
}

async function answerPrompts(run: CommissionRun, io: CommissionIo, yes: boolean): Promise<void> {
  const asked = new Set<string>();
  let busy = false;
  const next = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (;;) {
        const p = run.info().prompts.find((x) => !asked.has(x.id));
        if (!p) return;
        asked.add(p.id);
        const who = p.device ?? p.port;
        if (p.kind === 'confirm') {
          if (yes)
            run.answer(p.id, { kind: 'confirm', confirmed: true, note: 'confirmed by --yes' });
          else if (!io.ask)
            run.answer(p.id, {
              kind: 'confirm',
              confirmed: false,
              note: 'no terminal to confirm (use --yes)',
            });
          else {
            const a = (await io.ask(`${who}: ${p.text} [y/N] `)).trim().toLowerCase();
            run.answer(p.id, { kind: 'confirm', confirmed: a === 'y' || a === 'yes' });
          }
        } else if (!io.ask) {
          run.answer(p.id, {
            kind: 'manual',
            verdict: 'skip',
            note: 'no technician at a terminal',
          });
        } else {
          const a = (
            await io.ask(`${who}: ${p.text}? [p]ass / [f]ail / [s]kip, then a note: `)
          ).trim();
          const [word, ...note] = a.split(/\s+/);
          const verdict = /^p/i.test(word ?? '')
            ? 'pass'
            : /^f/i.test(word ?? '')
              ? 'fail'
              : 'skip';
          run.answer(p.id, {
            kind: 'manual',
            verdict,
            ...(note.length ? { note: note.join(' ') } : {}),
          });
        }
      }
    } finally {
      busy = false;
    }
  };
  const off = run.onChange(() => void next());
  await run.done;
  off();
}

/** Exit status: 0 when every board passed, 1 otherwise. */
export async function runCommission(opts: CommissionOptions, io: CommissionIo): Promise<number> {
  let text: string;
  try {
    text = readFileSync(opts.plan, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read the plan ${opts.plan}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  let plan;
  try {
    plan = parsePlan(JSON.parse(text));
  } catch (e) {
    throw new UsageError(
      `${opts.plan}: ${e instanceof SyntaxError ? `not JSON (${e.message})` : (e as Error).message}`,
    );
  }
  const tcpPort = opts.tcpPort ?? plan.broker.port;
  const studio = await Studio.start({
    dataDir: opts.dataDir,
    listeners: {
      tcp: { host: '0.0.0.0', port: tcpPort },
      tcpLegacy: null,
      tls: null,
      wss: null,
      ws: null,
    },
    ...io.studio,
  });
  try {
    if (studio.broker.port('tcp') === undefined)
      io.out(
        `warning: the broker could not listen on TCP ${tcpPort}; devices that need to join will fail`,
      );
    let run: CommissionRun;
    try {
      for (const p of opts.port) await studio.serial.watcher.addManualPort(p);
      run = await studio.commission.start({
        plan,
        ports: opts.port.map((path) => studio.serial.watcher.port(path) ?? { path }),
        site: opts.site,
        technician: opts.technician,
      });
    } catch (e) {
      if (isCommissionError(e)) throw new UsageError(e.message);
      throw e;
    }
    const where = studio.commission.brokerAddress(plan);
    io.out(
      `${stamp()} ${run.id}: ${plan.name} on ${opts.port.length} board(s), site ${opts.site}, devices dial ${where.host}:${where.port}`,
    );
    const offNarrate = narrate(run, io.out);
    const onAbort = () => run.cancel();
    io.signal.addEventListener('abort', onAbort, { once: true });
    await answerPrompts(run, io, opts.yes === true);
    const records = await run.done;
    offNarrate();
    io.signal.removeEventListener('abort', onAbort);

    mkdirSync(opts.out, { recursive: true });
    const db = join(opts.dataDir, 'studio.sqlite');
    for (const r of records) await writeCertificate(r, opts.out, db, io.out);
    const csv = join(opts.out, `summary-${run.id}.csv`);
    writeFileSync(csv, summaryCsv(records));
    io.out(`summary: ${csv}`);
    const passed = records.filter((r) => r.status === 'pass').length;
    io.out(`${passed} of ${records.length} board(s) passed`);
    return passed === records.length ? 0 : 1;
  } finally {
    await studio.stop();
  }
}

async function writeCertificate(
  r: CommissionRecord,
  outDir: string,
  db: string,
  out: (l: string) => void,
): Promise<void> {
  const name = r.identity?.device ?? r.board.port.replace(/[^\w-]+/g, '_');
  const base = join(outDir, `certificate-${name}-${r.id.slice(0, 8)}`);
  writeFileSync(`${base}.json`, certificateJson(r));
  writeFileSync(`${base}.pdf`, await certificatePdf(r));
  out(
    `${r.board.port}: ${r.status.toUpperCase()} ${r.identity ? deviceKey(r.identity) : '(no identity)'}` +
      `${r.error ? ` (${r.stoppedAt}: ${r.error})` : ''}; record ${r.id} in ${db}; certificate ${base}.pdf and .json`,
  );
}

function port(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535)
    throw new InvalidArgumentError('must be a TCP port (1–65535)');
  return n;
}

export function registerCommissionCommand(program: Command): void {
  program
    .command('commission')
    .description(
      'commission boards with a plan: flash, provision, join, check, record, certificate',
    )
    .requiredOption('--plan <file>', 'the commissioning plan (JSON, as saved by the app)')
    .requiredOption(
      '--port <path>',
      "a board's serial port (repeat for a batch)",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--site <name>', 'the site the records belong to', 'default site')
    .option('--technician <name>', 'who commissions (on the certificate)', process.env.USER ?? '')
    .option('--data-dir <dir>', "the app's data folder (registry, records)", defaultDataDir())
    .option('--out <dir>', 'where certificates and the summary go', '.')
    .option('--tcp-port <n>', "device TCP listener (default: the plan's broker port)", port)
    .option('-y, --yes', 'confirm actuator writes without asking')
    .action(async (o: CommissionOptions) => {
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const rl = process.stdin.isTTY
        ? createInterface({ input: process.stdin, output: process.stdout })
        : null;
      try {
        process.exitCode = await runCommission(
          { ...o, out: resolve(o.out), dataDir: resolve(o.dataDir) },
          { out: console.log, ask: rl ? (q) => rl.question(q) : null, signal: ac.signal },
        );
      } finally {
        rl?.close();
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
