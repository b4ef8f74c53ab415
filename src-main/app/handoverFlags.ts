/**
 * Headless mode's hand-over flags: `--handover-to <url>` hands the site over to that server after
 * start-up, prints a line per device (and each re-issued credential, once), waits for the devices
 * to connect there, writes the report (no credentials) to the data folder, and keeps running.
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { z } from 'zod';
import type { Studio } from './Studio';
import { runHandover, type HandoverReport, type HandoverSite } from '../handover/Handover';
import { writeHandoverReport } from '../handover/reportFile';
import { defaultDeviceAddress } from '../handover/HandoverJobs';
import { handoverSite, usbReprovisioner } from './handoverSite';

export interface HandoverFlags {
  handoverTo?: string;
  handoverTokenFile?: string;
  handoverCredentials?: string;
  handoverSite?: string;
  handoverWatch?: number;
  /** true: the new server's host, port 25204; or where devices dial there. */
  handoverUsb?: true | { host: string; port: number };
}

export function addHandoverOptions(cmd: Command): Command {
  return cmd
    .option(
      '--handover-to <url>',
      'hand this site over to a Thinger-compatible server (its REST base URL): devices, properties, buckets, endpoints; then watch the devices connect there',
    )
    .option('--handover-token-file <file>', "file holding the new server's API token (Bearer)")
    .option(
      '--handover-credentials <file.json>',
      'credentials captured when they were issued, {"user/device": "credential"}; other devices get a new one to provision',
    )
    .option(
      '--handover-site <site>',
      "only the devices of this commissioning site's records (default: every registered device)",
    )
    .option(
      '--handover-watch <seconds>',
      'how long to wait for the devices to connect there',
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 86_400)
          throw new InvalidArgumentError('must be 0–86400 seconds');
        return n;
      },
    )
    .option(
      '--handover-usb [host:port]',
      "re-provision the boards connected over USB now (their commissioning plan's method) with the new server's device address (default: its host, port 25204) and their credential",
      (v) => {
        const [, host, digits] = /^(.+):(\d{1,5})$/.exec(v) ?? [];
        const port = Number(digits);
        if (host === undefined || !(port >= 1 && port <= 65_535))
          throw new InvalidArgumentError('must be host:port (where devices dial the new server)');
        return { host: host.replace(/^\[(.*)\]$/, '$1'), port };
      },
    );
}

const Credentials = z.record(z.string().regex(/^[^/]+\/[^/]+$/), z.string().min(1).max(1024));

function readJson<T>(file: string, schema: z.ZodType<T>, what: string): T {
  try {
    return schema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new InvalidArgumentError(`${what} ${file}: ${(e as Error).message}`);
  }
}

/** Runs the hand-over the flags ask for (none: resolves null at once). */
export async function handoverFromFlags(
  studio: Studio,
  o: HandoverFlags,
  dataDir: string,
  out: (line: string) => void,
): Promise<HandoverReport | null> {
  const target = o.handoverTo;
  if (!target) return null;
  if (!/^https?:\/\/[^/\s]+/.test(target))
    throw new InvalidArgumentError('--handover-to takes http:// or https:// and a host');
  if (!o.handoverTokenFile)
    throw new InvalidArgumentError('--handover-to needs --handover-token-file');
  let token: string;
  try {
    token = readFileSync(o.handoverTokenFile, 'utf8').trim();
  } catch (e) {
    throw new InvalidArgumentError(`--handover-token-file: ${(e as Error).message}`);
  }
  const credentials = o.handoverCredentials
    ? readJson(o.handoverCredentials, Credentials, '--handover-credentials')
    : {};
  let site: HandoverSite;
  try {
    site = handoverSite(studio.broker, studio.commission, o.handoverSite ?? null);
  } catch (e) {
    throw new InvalidArgumentError(`--handover-site ${o.handoverSite}: ${(e as Error).message}`);
  }
  const { devices } = site;
  out(`handover: ${devices.length} device(s) to ${target}`);
  const report = await runHandover(site, {
    target: target,
    token,
    credentials,
    ...(o.handoverWatch !== undefined ? { watchMs: o.handoverWatch * 1000 } : {}),
    log: (l) => out(`handover: ${l}`),
    reprovision: async (d, progress) => {
      const usb = o.handoverUsb
        ? await usbReprovisioner(
            studio.commission,
            o.handoverUsb === true ? defaultDeviceAddress(target) : o.handoverUsb,
          )(d, progress)
        : null;
      if (usb?.state === 'done') return usb;
      // The technician's step, said once per device while the watch runs.
      const todo = d.reissued
        ? `provision ${d.user}/${d.device} with ${target} and its new credential`
        : `point ${d.user}/${d.device} at ${target} (same credential)`;
      const shown = d.reissued ? ` (shown only now): ${d.credential}` : '';
      out(`handover: ${usb ? `${usb.detail}; ` : ''}${todo}${shown}`);
      // The report keeps what is left to do, never the credential.
      return { state: 'left', detail: usb?.detail ?? todo };
    },
  });
  const file = writeHandoverReport(dataDir, report);
  out(
    `handover: ${report.reconnected} of ${report.devices.length} devices connected to ${target}; report ${file}`,
  );
  return report;
}
