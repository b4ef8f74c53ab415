// @vitest-environment jsdom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamEvent, Value } from '@contract/schemas';
import { useShortcuts } from '../../actions/useShortcuts';
import { parseHash } from '../../navigation/router';
import { resetStreams, setZoom, useChartSettings } from '../../state/streams';
import { installCanvas2d, type CanvasCalls } from '../../testing/canvas2d';
import { fakeApi, installFakeApi, type FakeApi } from '../../testing/fakeApi';
import { ChartsTab } from './ChartsTab';
import { StreamsStatus } from './StreamsStatus';

let fake: FakeApi;
let canvasCalls: (canvas: HTMLCanvasElement) => CanvasCalls;
let now = Date.UTC(2026, 10, 25, 13, 0, 0);

function Harness({ hash }: { hash: string }) {
  useShortcuts();
  return (
    <>
      <ChartsTab user="site" device="thermo" route={parseHash(hash)} />
      <footer>
        <StreamsStatus />
      </footer>
    </>
  );
}

const open = (query: string) => render(<Harness hash={`#/devices/site/thermo/charts?${query}`} />);

/** Lets frames, timers and the stats refresh run. */
const pass = (ms: number): void =>
  act(() => {
    now += ms;
    vi.advanceTimersByTime(ms);
  });

const emit = (e: StreamEvent): void => act(() => fake.emit('streams.samples', e));
const samples = (n: number, value: (i: number) => Value, stepMs = 100): void =>
  act(() => {
    for (let i = 0; i < n; i++) {
      now += stepMs;
      fake.emit('streams.samples', { kind: 'sample', time: now, value: value(i), dropped: 0 });
    }
    vi.setSystemTime(now);
  });

const card = (resource = 'climate') => screen.getByTestId(`chart-thermo-${resource}`);
const count = (resource = 'climate') => Number(card(resource).getAttribute('data-sample-count'));

beforeEach(() => {
  vi.useFakeTimers({
    toFake: [
      'setTimeout',
      'setInterval',
      'clearTimeout',
      'clearInterval',
      'Date',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'performance',
    ],
  });
  vi.setSystemTime(now);
  resetStreams();
  localStorage.clear();
  useChartSettings.setState({ byChart: {} });
  fake = installFakeApi(
    fakeApi({
      'resources.describe': () => ({
        value: { climate: { fn: 3 }, door: { fn: 3 }, relay: { fn: 2 } },
      }),
    }),
  );
  canvasCalls = installCanvas2d();
  // jsdom lays nothing out: give the plot a width so it draws.
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(600);
});

afterEach(() => {
  resetStreams();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the Charts tab', () => {
  it('opens the chart ?resource= asks for, waits with a counter, then counts and draws samples', () => {
    open('resource=climate&interval=0');
    expect(fake.subscriptions('streams.samples')[0]!.params).toMatchObject({
      resource: 'climate',
      intervalMs: 0,
    });
    pass(3_000);
    expect(card().textContent).toContain('Waiting for the first sample… 3 s');
    samples(50, (i) => ({ celsius: 20 + (i % 5), humidity: 40 }));
    pass(300);
    expect(count()).toBe(50);
    expect(card().textContent).not.toContain('Waiting');
    expect(within(card()).getByRole('checkbox', { name: 'celsius' })).toBeTruthy();
    expect(
      Number(card().querySelector('.chart-plot')!.getAttribute('data-draw-count')),
    ).toBeGreaterThan(0);
    expect(card().textContent).toMatch(/50 samples · 10\.0\/s \(requested: every change\)/);
    // Drawing keeps to the frame rate: 500 more samples in one go are one redraw, not 500.
    const draws = Number(card().querySelector('.chart-plot')!.getAttribute('data-draw-count'));
    samples(500, () => ({ celsius: 21, humidity: 41 }), 2);
    pass(20);
    expect(Number(card().querySelector('.chart-plot')!.getAttribute('data-draw-count'))).toBe(
      draws + 1,
    );
    // Each redraw counted is one paint of the chart's canvas.
    expect(canvasCalls(card().querySelector('canvas')!).count('drawImage')).toBe(draws + 1);
  });

  it('pauses with the button and with Space while buffering goes on, then resumes', () => {
    open('resource=climate&interval=0');
    samples(10, (i) => i);
    pass(300);
    fireEvent.click(within(card()).getByRole('button', { name: /Pause/ }));
    samples(25, (i) => i);
    pass(600);
    expect(card().textContent).toContain('Paused · 25 new samples');
    expect(count()).toBe(35);
    fireEvent.click(within(card()).getByRole('button', { name: /Resume/ }));
    expect(card().textContent).not.toContain('Paused');
    act(() => card().focus());
    fireEvent.keyDown(card(), { key: ' ' });
    expect(within(card()).getByRole('button', { name: /Resume/ })).toBeTruthy();
    // Space on a focused button presses the button; it does not pause a chart.
    const clear = within(card()).getByRole('button', { name: 'Clear' });
    act(() => clear.focus());
    fireEvent.keyDown(clear, { key: ' ' });
    expect(within(card()).getByRole('button', { name: /Resume/ })).toBeTruthy();
  });

  it("while paused, Last is the view's own last value, never outside Min..Max; a zoom fits Y to its data", () => {
    open('resource=climate&interval=0');
    // 18 and 24 first, then 21.41…21.49, then the pause; 21.8 arrives after it and must not
    // show as Last.
    samples(10, (i) => ({ celsius: i % 2 ? 18 : 24 }));
    samples(30, (i) => ({ celsius: 21.41 + (i % 9) / 100 }));
    pass(300);
    fireEvent.click(within(card()).getByRole('button', { name: /Pause/ }));
    samples(10, () => ({ celsius: 21.8 }));
    pass(600);
    const legend = (): number[] => {
      const row = within(card()).getByRole('row', { name: /celsius/ });
      return [...row.querySelectorAll('td')].map((td) => Number(td.textContent));
    };
    const [last, min, max] = legend() as [number, number, number];
    expect([min, max]).toEqual([18, 24]);
    expect(last).toBeGreaterThanOrEqual(min);
    expect(last).toBeLessThanOrEqual(max);
    // Zoomed onto the last 2 s before the pause: the value axis spans that data, not 18…24.
    const id = 'site/thermo/climate';
    const pausedAt = now - 10 * 100 - 600;
    act(() => setZoom(id, [pausedAt - 2_000, pausedAt]));
    pass(1_100);
    const [lo, hi] = card()
      .querySelector('.chart-plot')!
      .getAttribute('data-value-axes')!
      .split(' ')
      .map(Number) as [number, number];
    expect(lo).toBeGreaterThanOrEqual(21.3);
    expect(lo).toBeLessThanOrEqual(21.41);
    expect(hi).toBeGreaterThanOrEqual(21.49);
    expect(hi).toBeLessThanOrEqual(21.6);
    const [zLast, zMin, zMax] = legend() as [number, number, number];
    expect(zLast).toBeGreaterThanOrEqual(zMin);
    expect(zLast).toBeLessThanOrEqual(zMax);
  });

  it('clears the buffer and exports it as a CSV download named after device, resource and time', async () => {
    open('resource=climate&interval=0');
    const first = now + 100;
    samples(3, (i) => ({ celsius: 20 + i }));
    pass(300);
    const blobs: Blob[] = [];
    const created = vi.fn((b: Blob) => (blobs.push(b), 'blob:test'));
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    fireEvent.click(within(card()).getByRole('button', { name: 'Export CSV' }));
    expect(clicked).toHaveBeenCalledOnce();
    const name = clicked.mock.contexts[0] as HTMLAnchorElement;
    expect(name.download).toMatch(/^thermo_climate_\d{8}-\d{6}\.csv$/);
    const text = await blobs[0]!.text();
    expect(text.split('\n').slice(0, 2)).toEqual([
      'time,epoch_ms,celsius',
      `${new Date(first).toISOString()},${first},20`,
    ]);
    expect(card().textContent).toContain('Saved thermo_climate_');
    fireEvent.click(within(card()).getByRole('button', { name: 'Clear' }));
    pass(300);
    expect(count()).toBe(0);
  });

  it('says why a stream could not start and retries; after 2 × interval + 2 s names older firmware', () => {
    open('resource=climate&interval=5');
    pass(11_000);
    expect(card().textContent).toContain('Waiting for the first sample… 11 s');
    pass(2_000);
    expect(card().textContent).toContain('Older device firmware may ignore the interval');
    emit({ kind: 'status', state: 'error', reason: 'the device refused the stream' });
    const alert = within(card()).getByRole('alert');
    expect(alert.textContent).toContain(
      'Could not start the stream: the device refused the stream.',
    );
    // A refused stream is over: it no longer counts as live until Retry opens a new one.
    expect(fake.subscriptions('streams.samples')).toHaveLength(0);
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(fake.subscriptions('streams.samples')).toHaveLength(1);
    expect(within(card()).queryByRole('alert')).toBeNull();
  });

  it('says why when the broker refuses the subscription itself, instead of waiting forever', () => {
    open('resource=climate&interval=5');
    act(() => fake.refuse('streams.samples', 'NOT_FOUND', 'no device named site/thermo'));
    const alert = within(card()).getByRole('alert');
    expect(alert.textContent).toContain('Could not start the stream: no device named site/thermo.');
    expect(card().textContent).not.toContain('Waiting for the first sample');
    expect(screen.getByRole('contentinfo').textContent).not.toContain('live stream');
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(fake.subscriptions('streams.samples')).toHaveLength(1);
  });

  it('says when a resource has nothing to plot', () => {
    open('resource=door&interval=0');
    samples(1, () => ({ state: 'open' }));
    expect(card('door').textContent).toContain('Nothing to plot: this resource has no numbers.');
    expect(card('door').textContent).toContain('{"state":"open"}');
  });

  it('counts live streams in the status bar; All streams off stops them and says how many', () => {
    open('resource=climate&interval=0');
    const bar = screen.getByRole('contentinfo');
    expect(bar.textContent).toContain('1 live stream');
    fireEvent.click(within(bar).getByRole('button', { name: '1 live stream' }));
    expect(
      within(screen.getByRole('region', { name: 'Live streams' }))
        .getByRole('link')
        .getAttribute('href'),
    ).toBe('#/devices/site/thermo/charts?resource=climate');
    fireEvent.keyDown(window, { key: 'X', ctrlKey: true, shiftKey: true });
    expect(bar.textContent).toContain('Stopped 1 stream.');
    expect(fake.subscriptions()).toEqual([]);
    expect(card().textContent).toContain('This stream was stopped');
    fireEvent.click(within(card()).getByRole('button', { name: 'Start again' }));
    expect(fake.subscriptions('streams.samples')).toHaveLength(1);
  });

  it('with no chart open, says what to do and offers the device outputs', async () => {
    open('');
    expect(screen.getByRole('heading', { name: 'No live chart yet.' })).toBeTruthy();
    await act(async () => {});
    const picker = screen.getByLabelText('Resource to chart');
    expect([...picker.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Choose a resource…',
      'climate',
      'door',
    ]);
    fireEvent.change(picker, { target: { value: 'door' } });
    fireEvent.click(screen.getByRole('button', { name: 'Chart' }));
    expect(card('door')).toBeTruthy();
  });
});
