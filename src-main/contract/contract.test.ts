import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiErrorCode, HTTP_STATUS, calls, callNames, events, isCallName, topicNames } from '.';

describe('the contract', () => {
  it('declares each call as domain.verb with schemas and a positive timeout', () => {
    expect(callNames.length).toBeGreaterThan(10);
    for (const name of callNames) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      const c = calls[name];
      expect(c.request).toBeInstanceOf(z.ZodType);
      expect(c.response).toBeInstanceOf(z.ZodType);
      expect(c.timeoutMs).toBeGreaterThan(0);
      expect(c.summary.length).toBeGreaterThan(0);
    }
    expect(isCallName('devices.list')).toBe(true);
    expect(isCallName('toString')).toBe(false);
  });

  it('declares each topic with params and payload schemas', () => {
    for (const t of topicNames) {
      expect(events[t].params).toBeInstanceOf(z.ZodType);
      expect(events[t].payload).toBeInstanceOf(z.ZodType);
    }
  });

  it('every call schema converts to JSON Schema (for the OpenAPI document)', () => {
    for (const name of callNames) {
      expect(() => z.toJSONSchema(calls[name].request, { io: 'input' })).not.toThrow();
      expect(() => z.toJSONSchema(calls[name].response, { io: 'output' })).not.toThrow();
    }
  });

  it('rejects ids the store would refuse and unknown fields', () => {
    const r = calls['devices.get'].request;
    expect(r.safeParse({ user: 'site', device: 'sim-1' }).success).toBe(true);
    expect(r.safeParse({ user: 'site', device: 'a b' }).success).toBe(false);
    expect(r.safeParse({ user: 'site', device: 'x'.repeat(129) }).success).toBe(false);
    expect(r.safeParse({ user: 'site', device: 'd', extra: 1 }).success).toBe(false);
  });

  it('maps every error code to an HTTP status', () => {
    for (const code of Object.values(ApiErrorCode)) expect(HTTP_STATUS[code]).toBeGreaterThan(0);
  });

  it('stream intervals are whole ms within a day', () => {
    const p = events['streams.samples'].params;
    const ok = { user: 'u', device: 'd', resource: 't', intervalMs: 1000 };
    expect(p.safeParse(ok).success).toBe(true);
    expect(p.safeParse({ ...ok, intervalMs: -1 }).success).toBe(false);
    expect(p.safeParse({ ...ok, intervalMs: 1.5 }).success).toBe(false);
  });
});
