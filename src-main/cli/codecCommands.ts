/** `iotmp decode` and `iotmp encode`. */
import {
  CodecErrorCode,
  bytesToHex,
  decodeFrameAt,
  decodePson,
  encodeFrame,
  encodePson,
  hexToBytes,
  isCodecError,
  messageFromJson,
  messageToJson,
  psonFromJson,
  psonToJson,
  type Json,
  type Message,
  type ProtocolVersion,
} from '../protocol';
import { UsageError } from './UsageError';

type Out = (line: string) => void;

function parseHex(text: string): Uint8Array {
  try {
    const bytes = hexToBytes(text.trim());
    if (bytes.length === 0) throw new UsageError('no bytes given');
    return bytes;
  } catch (e) {
    if (isCodecError(e))
      throw new UsageError(`bad hex: ${e.message.replace(/^BAD_INPUT at byte \d+: /, '')}`);
    throw e;
  }
}

function cannot(what: string, e: unknown): never {
  if (isCodecError(e)) {
    // Bad JSON input names its JSON path; the code adds nothing for a person.
    const text =
      e.code === CodecErrorCode.BAD_INPUT ? e.message.replace(/^BAD_INPUT: /, '') : e.message;
    throw new UsageError(`cannot ${what}: ${text}`);
  }
  throw e;
}

export function runDecode(
  text: string,
  opts: { pv?: ProtocolVersion; pson?: boolean; compact?: boolean },
  out: Out,
): void {
  const bytes = parseHex(text);
  const print = (j: unknown): void =>
    out(opts.compact ? JSON.stringify(j) : JSON.stringify(j, null, 2));
  if (opts.pson) {
    try {
      print(psonToJson(decodePson(bytes, opts.pv ?? 1)));
    } catch (e) {
      cannot('decode the PSON value', e);
    }
    return;
  }
  let offset = 0;
  let pv = opts.pv;
  while (offset < bytes.length) {
    const frame = decodeOne(bytes, offset, pv);
    print({ ...messageToJson(frame.message), pv: frame.pv, offset, size: frame.size });
    // A connection keeps the version its CONNECT showed (§1.2); so does a capture.
    if (frame.pv === 0) pv = 0;
    offset += frame.size;
  }
}

/**
 * Decodes the frame at `offset`. Without an explicit version, pv1 is tried first and pv0 only
 * when the body uses legacy PSON, which pv1 cannot contain (IOTMP.md §1.2, §3.2).
 */
function decodeOne(
  bytes: Uint8Array,
  offset: number,
  pv: ProtocolVersion | undefined,
): { message: Message; size: number; pv: ProtocolVersion } {
  try {
    return { ...decodeFrameAt(bytes, offset, pv ?? 1), pv: pv ?? 1 };
  } catch (e) {
    if (pv === undefined && isCodecError(e) && e.code === CodecErrorCode.UNKNOWN_WIRE_TYPE) {
      try {
        return { ...decodeFrameAt(bytes, offset, 0), pv: 0 };
      } catch {
        // Report the pv1 error: it is the default reading.
      }
    }
    return cannot(`decode the frame at byte ${offset}`, e);
  }
}

function parseJson(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? ` at character ${m[1]}` : '';
    throw new UsageError(`invalid JSON${where}: ${(e as Error).message}`);
  }
}

export function runEncode(
  text: string,
  opts: { pv?: ProtocolVersion; pson?: boolean },
  out: Out,
): void {
  const json = parseJson(text);
  let pv = opts.pv;
  if (
    pv === undefined &&
    !opts.pson &&
    json &&
    typeof json === 'object' &&
    !Array.isArray(json) &&
    'pv' in json
  ) {
    if (json.pv !== 0 && json.pv !== 1) throw new UsageError('$.pv: must be 0 or 1');
    pv = json.pv;
  }
  try {
    const bytes = opts.pson
      ? encodePson(psonFromJson(json), pv ?? 1)
      : encodeFrame(messageFromJson(json), pv ?? 1);
    out(bytesToHex(bytes));
  } catch (e) {
    cannot('encode', e);
  }
}
