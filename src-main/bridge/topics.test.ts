import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { BridgeTopics, deviceSelected } from './topics';

describe('bridge topics', () => {
  const t = new BridgeTopics('acme/site-a', 'gw-1');

  it('lays out data topics under <prefix>/<user>/<device>', () => {
    expect(t.sample('u', 'd', 'temp')).toBe('acme/site-a/u/d/temp');
    expect(t.status('u', 'd')).toBe('acme/site-a/u/d/$status');
    expect(t.property('u', 'd', 'mode')).toBe('acme/site-a/u/d/$property/mode');
    expect(t.bucket('u', 'd', 'log')).toBe('acme/site-a/u/d/$bucket/log');
    expect(t.bridge()).toBe('acme/site-a/$bridge/gw-1');
  });

  it('parses command topics and nothing else', () => {
    expect(t.parseCommand('acme/site-a/u/d/led/set')).toEqual({
      user: 'u',
      device: 'd',
      resource: 'led',
      verb: 'set',
    });
    expect(t.parseCommand('acme/site-a/u/d/led/run')?.verb).toBe('run');
    expect(t.parseCommand('acme/site-a/u/d/led/reply')).toBeNull();
    expect(t.parseCommand('acme/site-a/u/d/$property/set')).toBeNull();
    expect(t.parseCommand('acme/site-b/u/d/led/set')).toBeNull();
    expect(t.parseCommand('acme/site-a/u/d/led')).toBeNull();
  });

  it('selects devices by pattern', () => {
    expect(deviceSelected(['*'], 'u', 'd')).toBe(true);
    expect(deviceSelected(['u'], 'u', 'd')).toBe(true);
    expect(deviceSelected(['u/*'], 'u', 'd')).toBe(true);
    expect(deviceSelected(['*/d'], 'x', 'd')).toBe(true);
    expect(deviceSelected(['u/e'], 'u', 'd')).toBe(false);
    expect(deviceSelected([], 'u', 'd')).toBe(false);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffDelay(10, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(10, 1000, 30_000, () => 0)).toBe(24_000);
  });
});
