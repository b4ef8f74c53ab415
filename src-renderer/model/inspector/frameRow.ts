/**
 * One frame as the inspector grid shows it: the broker's InspectedFrame plus what every render
 * would otherwise recompute (chip, resource, one-line summary, search text, error code). Built
 * once when the frame arrives.
 */
import type { InspectedFrame } from '@contract/schemas';
import { ServerAction } from '@protocol/message';

/** The type chips of the filter bar (UI.md §3.5); START and STOP_STREAM share one. */
export const TYPE_CHIPS = [
  'CONNECT',
  'OK',
  'ERROR',
  'RUN',
  'DESCRIBE',
  'START/STOP_STREAM',
  'STREAM_DATA',
  'KEEP_ALIVE',
  'DISCONNECT',
  'OTHER',
] as const;
export type TypeChip = (typeof TYPE_CHIPS)[number];

/** Types that ask for an answer (OK or ERROR with the same stream id, IOTMP.md §6.3). */
export const REQUEST_TYPES: ReadonlySet<string> = new Set([
  'CONNECT',
  'RUN',
  'DESCRIBE',
  'START_STREAM',
  'STOP_STREAM',
]);

export interface FrameRow {
  /** Unique in the buffer: device, per-device sequence and time (a broker restart reuses seq). */
  id: string;
  /** Arrival order in this console. */
  n: number;
  /** `user/device`. */
  device: string;
  frame: InspectedFrame;
  chip: TypeChip;
  /** Named by the frame, or by the request that opened its stream id (answers, stream data). */
  resource: string | null;
  summary: string;
  /** Lower-case text the free-text filter searches. */
  haystack: string;
  /** `PSON_TRUNCATED` of a malformed frame's error. */
  errorCode: string | null;
  errorOffset: number | null;
  /** A malformed frame or an ERROR message: what "Errors only" keeps. */
  isError: boolean;
}

export type Pv = 0 | 1;

const SUMMARY_CHARS = 160;

const chipOf = (type: string): TypeChip => {
  if (type === 'START_STREAM' || type === 'STOP_STREAM') return 'START/STOP_STREAM';
  return (TYPE_CHIPS as readonly string[]).includes(type) ? (type as TypeChip) : 'OTHER';
};

const ACTION_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(ServerAction).map(([name, code]) => [code, name]),
);

/**
 * The field that names the resource: field 4, except DESCRIBE and START_STREAM on pv0
 * connections, which carry it in field 3 (IOTMP.md §3.3).
 */
function resourceFieldName(type: string, pv: Pv): string {
  return pv === 0 && (type === 'DESCRIBE' || type === 'START_STREAM') ? 'payload' : 'resource';
}

/** The resource a frame names itself; device-initiated calls name a server action (§5.12). */
function ownResource(frame: InspectedFrame, pv: Pv): string | null {
  const v = frame.fields?.[resourceFieldName(frame.type, pv)];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && (frame.type === 'RUN' || frame.type === 'START_STREAM'))
    return ACTION_NAMES[v] ?? String(v);
  return null;
}

/** `PSON_TRUNCATED at byte 5: …` as the codec words its errors (protocol/errors.ts). */
export function parseCodecError(error: string): {
  code: string | null;
  offset: number | null;
  detail: string;
} {
  const [, code, offset, detail] =
    /^([A-Z][A-Z0-9_]+)(?: at byte (\d+))?: ?([\s\S]*)$/.exec(error) ?? [];
  if (code === undefined || detail === undefined)
    return { code: null, offset: null, detail: error };
  return { code, offset: offset === undefined ? null : Number(offset), detail };
}

function compactJson(v: unknown, max = SUMMARY_CHARS): string {
  const s = JSON.stringify(v) ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** One line: the decoded fields other than stream id and resource, in wire order. */
function summarize(frame: InspectedFrame, pv: Pv): string {
  if (frame.error !== null) {
    const { code, detail } = parseCodecError(frame.error);
    return code ? `${code} · ${detail}` : detail;
  }
  const fields = frame.fields;
  if (!fields) return '';
  const payload = fields.payload;
  // CONNECT carries [user, device, credential]; the broker already replaced the credential.
  if (frame.type === 'CONNECT' && Array.isArray(payload) && payload.length >= 2)
    return `${String(payload[0])}/${String(payload[1])}`;
  const skip = resourceFieldName(frame.type, pv);
  const parts: string[] = [];
  for (const [name, v] of Object.entries(fields)) {
    if (name === 'stream_id' || name === skip) continue;
    const text = compactJson(v);
    parts.push(name === 'parameters' || name === 'payload' ? text : `${name}=${text}`);
  }
  const line = parts.join(' · ');
  return line.length > SUMMARY_CHARS ? `${line.slice(0, SUMMARY_CHARS - 1)}…` : line;
}

export function toRow(
  device: string,
  frame: InspectedFrame,
  n: number,
  pv: Pv,
  inherited: string | null = null,
): FrameRow {
  const resource = ownResource(frame, pv) ?? inherited;
  const summary = summarize(frame, pv);
  const parsed = frame.error === null ? null : parseCodecError(frame.error);
  const haystack = [
    device,
    frame.type,
    resource ?? '',
    frame.fields ? JSON.stringify(frame.fields) : '',
    frame.error ?? '',
  ]
    .join(' ')
    .toLowerCase();
  return {
    id: `${device}#${frame.seq}@${frame.time}`,
    n,
    device,
    frame,
    chip: chipOf(frame.type),
    resource,
    summary,
    haystack,
    errorCode: parsed?.code ?? null,
    errorOffset: parsed?.offset ?? null,
    isError: frame.error !== null || frame.type === 'ERROR',
  };
}
