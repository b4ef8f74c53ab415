import { describe, expect, it } from 'vitest';
import { resourcesFromDescribe } from '../../state/devices';
import { layoutResources } from './layout';
import { listChanges } from '../../state/devices';

describe('Resources tab layout', () => {
  it('sorts by name, groups by the first segment, keeps system and session resources apart', () => {
    const list = resourcesFromDescribe({
      temperature: { fn: 3 },
      'relay/2': { fn: 2 },
      'relay/1': { fn: 2 },
      alarm: null,
      $version: { fn: 3 },
      '$terminal/:session': { fn: 2 },
      '$fs/get/*path': { fn: 4 },
    });
    const layout = layoutResources(list);
    expect(layout.main).toEqual([
      { name: 'alarm', fn: null },
      { name: 'temperature', fn: 3 },
    ]);
    expect(layout.groups).toEqual([
      {
        name: 'relay',
        items: [
          { name: 'relay/1', fn: 2 },
          { name: 'relay/2', fn: 2 },
        ],
      },
    ]);
    expect(layout.system).toEqual([{ name: '$version', fn: 3 }]);
    expect(layout.sessions.map((s) => s.name)).toEqual(['$fs/get/*path', '$terminal/:session']);
  });

  it('says what a new resource list added and removed', () => {
    const a = resourcesFromDescribe({ a: { fn: 1 }, b: { fn: 1 } });
    const b = resourcesFromDescribe({ b: { fn: 1 }, c: { fn: 3 }, d: { fn: 3 } });
    expect(listChanges(a, b)).toEqual({ added: ['c', 'd'], removed: ['a'] });
  });
});
