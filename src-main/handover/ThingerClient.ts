/**
 * A Thinger-compatible server's REST API, the calls a hand-over needs (Thinger's public API:
 * api/README.md and swagger.json of thinger-io/Docs): create a device with its credential, its
 * properties, buckets and endpoints, and read a device's connection. Bearer token auth; every
 * request has a deadline; an answer that is not 2xx is a HandoverError naming the call.
 */
import { z } from 'zod';
import type { Json } from '../protocol';

/** A server that does not answer within this is treated as a failed step, not waited on. */
const REQUEST_TIMEOUT_MS = 15_000;

export class HandoverError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'HandoverError';
  }
}

const Connection = z
  .object({
    connection: z.object({ active: z.boolean(), ts: z.number().nullable().optional() }).optional(),
  })
  .passthrough();

export type Created = 'created' | 'exists';

export class ThingerClient {
  private readonly base: string;

  constructor(
    base: string,
    private readonly token: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.base = base.replace(/\/+$/, '');
  }

  private async request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      throw new HandoverError(`${method} ${path}: ${(e as Error).message}`, null);
    }
    const text = await res.text();
    try {
      return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
    } catch {
      return { status: res.status, json: text };
    }
  }

  private async create(path: string, body: unknown): Promise<Created> {
    const { status, json } = await this.request('POST', path, body);
    if (status >= 200 && status < 300) return 'created';
    // Re-running a hand-over finds what the last run created: that is not a failure.
    // (409, or 400 "… already exists" as Thinger-compatible servers answer a duplicate id.)
    if (status === 409 || (status === 400 && /already exists/i.test(errorText(json))))
      return 'exists';
    throw new HandoverError(`POST ${path}: ${status} ${errorText(json)}`, status);
  }

  createDevice(
    user: string,
    d: { device: string; name: string; description: string; type: string; credentials: string },
  ): Promise<Created> {
    return this.create(`/v1/users/${enc(user)}/devices`, d);
  }

  /** Replaces the device's credential (a device that existed from an earlier run). */
  async setDeviceCredential(user: string, device: string, credentials: string): Promise<void> {
    const path = `/v1/users/${enc(user)}/devices/${enc(device)}`;
    const { status, json } = await this.request('PUT', path, { credentials });
    if (status < 200 || status >= 300)
      throw new HandoverError(`PUT ${path}: ${status} ${errorText(json)}`, status);
  }

  async setProperties(
    user: string,
    device: string,
    properties: { property: string; value: Json }[],
  ): Promise<void> {
    if (properties.length === 0) return;
    const path = `/v3/users/${enc(user)}/devices/${enc(device)}/properties`;
    const { status, json } = await this.request('POST', path, properties);
    if (status < 200 || status >= 300)
      throw new HandoverError(`POST ${path}: ${status} ${errorText(json)}`, status);
  }

  createBucket(
    user: string,
    b: {
      bucket: string;
      name: string;
      description: string;
      enabled: boolean;
      config: Record<string, Json>;
    },
  ): Promise<Created> {
    return this.create(`/v1/users/${enc(user)}/buckets`, b);
  }

  createEndpoint(
    user: string,
    e: {
      endpoint: string;
      name: string;
      description: string;
      type: 'http_request';
      enabled: boolean;
      config: Record<string, Json>;
    },
  ): Promise<Created> {
    return this.create(`/v1/users/${enc(user)}/endpoints`, e);
  }

  /** Whether the device is connected to that server now. */
  async online(user: string, device: string): Promise<boolean> {
    const path = `/v1/users/${enc(user)}/devices/${enc(device)}`;
    const { status, json } = await this.request('GET', path);
    if (status < 200 || status >= 300)
      throw new HandoverError(`GET ${path}: ${status} ${errorText(json)}`, status);
    return Connection.parse(json).connection?.active === true;
  }
}

const enc = encodeURIComponent;

function errorText(json: unknown): string {
  if (json && typeof json === 'object') {
    const e = (json as { error?: unknown }).error;
    if (typeof e === 'string') return e;
    if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string')
      return (e as { message: string }).message;
  }
  return typeof json === 'string' ? json.slice(0, 200) : '';
}
