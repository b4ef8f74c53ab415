/**
 * The `commission.*` and `sites.*` calls and the `commission.progress` topic: plans, runs with a
 * row per board, the technician's answers, records per site, certificates, re-checks, and a whole
 * site to one file and back. Files travel as text (JSON, CSV) or base64 (PDF).
 */
import { z } from 'zod';
import { call, event } from './define';
import { Id } from './schemas';
import { PortPath } from './serialSchemas';
import {
  CommissionEvent,
  CommissionPlan,
  CommissionRecord,
  CommissionRunInfo,
  MAX_COMMISSION_BOARDS,
  SavedPlan,
  SiteDevice,
  SiteSummary,
} from './commissionSchemas';

/** Calls answered from SQLite or memory. */
const LOCAL_MS = 5_000;
/** Starting a run reads the firmware files (an ESP image can be several MB) and hashes them. */
const START_MS = 30_000;
/** Rendering a site's summary PDF or export of a large plant. */
const FILE_MS = 30_000;
/** Largest site export taken back in: records and properties of a few thousand devices. */
const MAX_SITE_IMPORT_CHARS = 64 * 1024 * 1024;

const RunId = z.string().min(1).max(64);
const Site = z.string().min(1).max(128);

/** A generated file: its name, media type and content (text, or base64 for binary). */
export const GeneratedFile = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  data: z.string(),
});
export type GeneratedFile = z.infer<typeof GeneratedFile>;

export const commissionCalls = {
  'commission.plans': call({
    summary: 'Saved commissioning plans, by name',
    request: z.object({}).strict(),
    response: z.object({ plans: z.array(SavedPlan) }),
    timeoutMs: LOCAL_MS,
  }),
  'commission.savePlan': call({
    summary: 'Save a plan (new, or over `id`); the same call imports a plan file',
    request: z.object({ id: z.string().min(1).max(64).optional(), plan: CommissionPlan }).strict(),
    response: SavedPlan,
    timeoutMs: LOCAL_MS,
  }),
  'commission.deletePlan': call({
    summary: 'Delete a saved plan (records made with it stay)',
    request: z.object({ id: z.string().min(1).max(64) }).strict(),
    response: z.object({ deleted: z.boolean() }),
    timeoutMs: LOCAL_MS,
  }),
  'commission.defaults': call({
    summary:
      "What `auto` means for a plan's broker: this machine's LAN address, and the device TCP port the broker listens on",
    request: z.object({}).strict(),
    response: z.object({
      lanAddress: z.string().nullable(),
      tcpPort: z.number().int().nullable(),
      tlsFingerprint: z.string(),
    }),
    timeoutMs: LOCAL_MS,
  }),
  'commission.start': call({
    summary:
      'Commission boards with a plan (saved by id, or given): answers at once with the run, a row per board; progress follows on commission.progress',
    request: z
      .object({
        planId: z.string().min(1).max(64).optional(),
        plan: CommissionPlan.optional(),
        ports: z.array(PortPath).min(1).max(MAX_COMMISSION_BOARDS),
        site: Site,
        technician: z.string().max(128).default(''),
      })
      .strict()
      .refine((r) => (r.planId === undefined) !== (r.plan === undefined), {
        message: 'give planId or plan',
        path: ['planId'],
      }),
    response: z.object({ run: CommissionRunInfo }),
    timeoutMs: START_MS,
  }),
  'commission.cancel': call({
    summary: 'Cancel a run (every board still going), or one board of it',
    request: z.object({ runId: RunId, port: PortPath.optional() }).strict(),
    response: z.object({ cancelled: z.number().int() }),
    timeoutMs: LOCAL_MS,
  }),
  'commission.runs': call({
    summary: 'Runs going and recently ended, newest first (or one)',
    request: z.object({ runId: RunId.optional() }).strict(),
    response: z.object({ runs: z.array(CommissionRunInfo) }),
    timeoutMs: LOCAL_MS,
  }),
  'commission.answer': call({
    summary:
      'Answer a prompt: a manual check (pass, fail, skip, with a note) or a confirmation before an actuator write (yes, no)',
    request: z
      .object({
        runId: RunId,
        promptId: z.string().min(1).max(64),
        verdict: z.enum(['pass', 'fail', 'skip', 'yes', 'no']),
        note: z.string().max(512).optional(),
      })
      .strict(),
    response: z.object({ answered: z.boolean() }),
    timeoutMs: LOCAL_MS,
  }),
  'sites.list': call({
    summary: 'Sites with commissioned devices: how many, how many passed, when last',
    request: z.object({}).strict(),
    response: z.object({ sites: z.array(SiteSummary) }),
    timeoutMs: LOCAL_MS,
  }),
  'sites.devices': call({
    summary: "A site's devices: each one's latest record and whether it is online now",
    request: z.object({ site: Site }).strict(),
    response: z.object({ devices: z.array(SiteDevice) }),
    timeoutMs: LOCAL_MS,
  }),
  'sites.records': call({
    summary: 'Commissioning records, newest first, by site, run or device',
    request: z
      .object({
        site: Site.optional(),
        runId: RunId.optional(),
        user: Id.optional(),
        device: Id.optional(),
      })
      .strict(),
    response: z.object({ records: z.array(CommissionRecord) }),
    timeoutMs: LOCAL_MS,
  }),
  'sites.certificate': call({
    summary: "A device's certificate from one record: PDF (base64) for people, JSON for machines",
    request: z
      .object({ recordId: z.string().min(1).max(64), format: z.enum(['pdf', 'json']) })
      .strict(),
    response: GeneratedFile,
    timeoutMs: FILE_MS,
  }),
  'sites.summary': call({
    summary: 'A batch (run) or site summary as CSV or PDF',
    request: z
      .object({ site: Site.optional(), runId: RunId.optional(), format: z.enum(['csv', 'pdf']) })
      .strict()
      .refine((r) => r.site !== undefined || r.runId !== undefined, {
        message: 'give site or runId',
      }),
    response: GeneratedFile,
    timeoutMs: FILE_MS,
  }),
  'sites.recheck': call({
    summary: "Re-run the checks of one commissioned device, or of all a site's devices",
    request: z.object({ site: Site, user: Id.optional(), device: Id.optional() }).strict(),
    response: z.object({ run: CommissionRunInfo }),
    timeoutMs: LOCAL_MS,
  }),
  'sites.export': call({
    summary:
      'A whole site in one JSON file: devices (with credential hashes, never credentials), plans, records, properties',
    request: z.object({ site: Site }).strict(),
    response: GeneratedFile,
    timeoutMs: FILE_MS,
  }),
  'sites.import': call({
    summary:
      'Take in a site export (on another laptop or gateway): devices that exist already are kept as they are',
    request: z.object({ data: z.string().min(2).max(MAX_SITE_IMPORT_CHARS) }).strict(),
    response: z.object({
      site: z.string(),
      devices: z.number().int(),
      devicesKept: z.number().int(),
      plans: z.number().int(),
      records: z.number().int(),
      properties: z.number().int(),
    }),
    timeoutMs: FILE_MS,
  }),
} as const;

export const commissionEvents = {
  'commission.progress': event({
    summary:
      'Commissioning runs: the whole run (rows, steps, checks, prompts) whenever it changes; one run or all',
    params: z.object({ runId: RunId.optional() }).strict(),
    payload: CommissionEvent,
  }),
} as const;
