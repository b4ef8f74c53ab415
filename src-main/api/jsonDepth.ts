/**
 * D6: JSON from callers is bounded in nesting before anything walks it recursively (zod, PSON
 * conversion): 3,000 levels overflowed the stack and answered 500. Values go to devices as PSON,
 * whose decoders stop at the same depth (IOTMP.md §4.9), so nothing deeper is useful.
 */
import { ApiError, ApiErrorCode } from '../contract';
import { MAX_PSON_DEPTH } from '../protocol';

/** Deepest array/object nesting of a parsed JSON value, counted without recursion. */
function jsonDepthOver(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, depth] = top;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** JSON.parse with the depth bound: a clear BAD_REQUEST (400) for text or nesting it refuses. */
export function parseJsonBody(text: string, what = 'the body'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ApiError(ApiErrorCode.BAD_REQUEST, `${what} is not JSON: ${(e as Error).message}`);
  }
  if (jsonDepthOver(value, MAX_PSON_DEPTH))
    throw new ApiError(
      ApiErrorCode.BAD_REQUEST,
      `${what} nests deeper than ${MAX_PSON_DEPTH} levels (IOTMP.md §4.9)`,
    );
  return value;
}
