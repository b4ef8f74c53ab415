import { describe, expect, it } from 'vitest';
import { callNames, createVerbs, type ContractTransport } from '.';

describe('domain verbs', () => {
  it('offers one verb per call, by domain, and passes calls and topics through', async () => {
    const seen: unknown[] = [];
    const transport: ContractTransport = {
      call: (name, input) => {
        seen.push([name, input]);
        return Promise.resolve({ devices: [] });
      },
      subscribe: (topic, params, listener) => {
        seen.push([topic, params]);
        listener({ kind: 'status', state: 'waiting', reason: 'r' });
        return () => seen.push('unsubscribed');
      },
    };
    const api = createVerbs(transport);
    await expect(api.devices.list({})).resolves.toEqual({ devices: [] });
    // @ts-expect-error: inputs are typed by the contract
    void api.devices.get({ user: 1 }).catch(() => {});
    seen.length = 1;
    const events: unknown[] = [];
    const off = api.on(
      'streams.samples',
      { user: 'u', device: 'd', resource: 'r', intervalMs: 0 },
      (e) => events.push(e.kind),
    );
    off();
    expect(seen).toEqual([
      ['devices.list', {}],
      ['streams.samples', { user: 'u', device: 'd', resource: 'r', intervalMs: 0 }],
      'unsubscribed',
    ]);
    expect(events).toEqual(['status']);
    for (const name of callNames) {
      const [domain, verb] = name.split('.') as [string, string];
      expect(
        typeof (api as unknown as Record<string, Record<string, unknown>>)[domain]![verb],
      ).toBe('function');
    }
    expect(Object.isFrozen(api)).toBe(true);
  });
});
