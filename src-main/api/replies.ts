/**
 * The API's answers and how it reads requests, for fastify: JSON with the security headers,
 * errors as `{"error": {code, message}}`, raw bodies (CSV, an endpoint's own), the URL and the
 * body as a route takes them, and Thinger's status codes.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import { ApiError, ApiErrorCode, HTTP_STATUS } from '../contract';
import { parseJsonBody } from './jsonDepth';
import type { RawBody } from './rawBody';

export const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export function sendJson(
  reply: FastifyReply,
  status: number,
  body: unknown,
  headers = {},
): FastifyReply {
  return reply
    .code(status)
    .headers({
      ...SECURITY_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      ...headers,
    })
    .send(JSON.stringify(body === undefined ? null : body));
}

export const sendError = (reply: FastifyReply, e: ApiError, headers = {}): FastifyReply =>
  sendJson(reply, HTTP_STATUS[e.code], { error: e.toJSON() }, headers);

export function sendRaw(reply: FastifyReply, r: RawBody): FastifyReply {
  return reply
    .code(200)
    .headers({
      ...SECURITY_HEADERS,
      'content-type': r.contentType,
      ...(r.filename
        ? { 'content-disposition': `attachment; filename="${r.filename.replace(/[^\w.-]/g, '_')}"` }
        : {}),
    })
    .send(Buffer.from(r.body, 'utf8'));
}

/** The request's URL; a path the URL parser refuses is a BAD_REQUEST. */
export function urlOf(req: IncomingMessage): URL {
  try {
    // A fixed base: only the path and query are used, never the Host header.
    return new URL((req.url ?? '/').replace(/^\/+/, '/'), 'http://api');
  } catch {
    throw new ApiError(ApiErrorCode.BAD_REQUEST, 'the request URL cannot be parsed');
  }
}

/** A body as the route takes it: JSON, bytes (octet-stream: PSON bytes), text, or nothing. */
export function parseBody(raw: Buffer | undefined, contentType: string | undefined): unknown {
  if (!raw || raw.length === 0) return undefined;
  const type = (contentType ?? '').toLowerCase();
  // Node-RED's Thinger nodes send buffers as "application/octec-stream;" (sic).
  if (type.startsWith('application/octet-stream') || type.startsWith('application/octec-stream'))
    return { $bytes: raw.toString('hex') };
  const text = raw.toString('utf8');
  if (type.startsWith('text/')) return text;
  if (text.trim() === '') return undefined;
  return parseJsonBody(text);
}

/**
 * Thinger's clients read 404 as "device not connected" (mobile app, VS Code extension) and
 * expect 400 for an asset that exists; an unknown resource is an ERROR with nothing more from
 * the device (IOTMP.md §7.3), so 404 too.
 */
export function thingerStatus(e: ApiError): number {
  if (e.code === ApiErrorCode.DEVICE_OFFLINE || e.code === ApiErrorCode.DEVICE_DISCONNECTED)
    return 404;
  if (e.code === ApiErrorCode.CONFLICT) return 400;
  if (e.code === ApiErrorCode.DEVICE_ERROR) {
    const d = (e.detail ?? {}) as { code?: unknown; payload?: unknown };
    if (typeof d.code === 'number' && d.code >= 400 && d.code < 600) return d.code;
    if ((d.code ?? null) === null && (d.payload ?? null) === null) return 404;
  }
  return HTTP_STATUS[e.code];
}

/** fastify's own refusals (FST_… with a status) as the API's errors; null for anything else. */
export function fromFastify(e: unknown, maxBodyBytes: number): ApiError | null {
  const { code, statusCode, message } = e as {
    code?: unknown;
    statusCode?: unknown;
    message?: string;
  };
  if (typeof code !== 'string' || !code.startsWith('FST_') || typeof statusCode !== 'number')
    return null;
  if (statusCode === 413)
    return new ApiError(ApiErrorCode.PAYLOAD_TOO_LARGE, `the body is over ${maxBodyBytes} bytes`);
  if (statusCode === 404) return new ApiError(ApiErrorCode.NOT_FOUND, message ?? 'not found');
  if (statusCode >= 400 && statusCode < 500)
    return new ApiError(ApiErrorCode.BAD_REQUEST, message ?? 'bad request');
  return null;
}
