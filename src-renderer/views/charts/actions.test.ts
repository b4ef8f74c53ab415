// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, installFakeApi } from '../../testing/fakeApi';
import { openChart, resetStreams, setZoom, useStreams } from '../../state/streams';
import { chartActions } from './actions';

const chart = (id: string) => useStreams.getState().charts.find((c) => c.id === id)!;

beforeEach(() => {
  resetStreams();
  installFakeApi(fakeApi());
});

describe('the Charts tab actions', () => {
  it('offer nothing without a chart, and act on the active chart without React', () => {
    expect(chartActions(undefined, false)).toEqual([]);
    const id = openChart({ user: 'site', device: 'thermo', resource: 'climate' }, 0);
    const byId = (zoomed: boolean) =>
      new Map(chartActions(id, zoomed).map((a) => [a.id, a] as const));
    const actions = byId(false);
    expect([...actions.keys()]).toEqual([
      'charts.pause',
      'charts.clear',
      'charts.exportCsv',
      'charts.exportJson',
      'charts.resetZoom',
      'charts.close',
    ]);
    void actions.get('charts.pause')!.perform();
    expect(chart(id).paused).not.toBeNull();
    expect(actions.get('charts.resetZoom')!.enabled!()).toBe(false);
    setZoom(id, [1, 2]);
    void byId(true).get('charts.resetZoom')!.perform();
    expect(chart(id).zoom).toBeNull();
    void actions.get('charts.close')!.perform();
    expect(useStreams.getState().charts).toEqual([]);
  });
});
