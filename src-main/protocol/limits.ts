/**
 * Named bounds of the codec, each with its reason (IOTMP.md §10.1). Everything that reads bytes
 * from a peer is bounded by these before it allocates.
 */

/** 256 KiB: covers IOTMP-Linux 64 KiB file chunks with margin and equals that client's own limit. */
export const MAX_INBOUND_BODY = 262_144;

/** ≥ 64 (vector pson_pv1_array_nesting_64); bounds recursion on hostile input. */
export const MAX_PSON_DEPTH = 128;

/** Clients use at most 4 fields; 16 bounds the work done on junk input. */
const MAX_FIELDS_PER_MESSAGE = 16;

/** Type and size varints of the header: 5 bytes each with the clients' 32-bit reader (§2.2). */
export const MAX_HEADER_BYTES = 10;

export interface CodecLimits {
  /** Largest accepted body in bytes. */
  maxBodySize: number;
  /** Deepest accepted PSON nesting. */
  maxDepth: number;
  /** Most fields accepted in one body. */
  maxFields: number;
}

export const DEFAULT_LIMITS: CodecLimits = {
  maxBodySize: MAX_INBOUND_BODY,
  maxDepth: MAX_PSON_DEPTH,
  maxFields: MAX_FIELDS_PER_MESSAGE,
};
