import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW, href, parseHash } from './router';

describe('hash routes', () => {
  it('parse view, decoded parameters and query', () => {
    const r = parseHash('#/devices/site/th%2Fermo/charts?resource=temp');
    expect(r.view).toBe('devices');
    expect(r.params).toEqual(['site', 'th/ermo', 'charts']);
    expect(r.query.get('resource')).toBe('temp');
  });

  it('an empty or bare hash is the default view', () => {
    expect(parseHash('').view).toBe(DEFAULT_VIEW);
    expect(parseHash('#/').view).toBe(DEFAULT_VIEW);
  });

  it('a malformed escape is kept as typed rather than throwing', () => {
    expect(parseHash('#/devices/%E0%A4%A').params).toEqual(['%E0%A4%A']);
  });

  it('href encodes each segment so ids with / or spaces round-trip', () => {
    const h = href('devices', 'site', 'a/b c');
    expect(h).toBe('#/devices/site/a%2Fb%20c');
    expect(parseHash(h).params).toEqual(['site', 'a/b c']);
  });
});
