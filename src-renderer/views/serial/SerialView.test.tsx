// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MonitorInfo } from '@contract/serialSchemas';
import { useShortcuts } from '../../actions/useShortcuts';
import { parseHash } from '../../navigation/router';
import { feedOf, resetSerial, setFrameScheduler, useSerial } from '../../state/serial';
import { useSerialSettings } from '../../state/serialSettings';
import { DEFAULT_BAUDS, useSerialDefaults } from '../../state/serialDefaults';
import { usePorts } from '../../state/ports';
import { fakeApi, installFakeApi, type FakeApi } from '../../testing/fakeApi';
import { monitorInfo, port } from '../boards/testing';
import { MonitorPanel } from './MonitorPanel';
import { SerialOutput } from './SerialOutput';
import { SerialView } from './SerialView';

const PORT = '/dev/ttyACM0';
const info = (patch: Partial<MonitorInfo> = {}): MonitorInfo => monitorInfo(PORT, patch);

let seq = 0;
/** Lines arriving on the port, appended as one animation frame would. */
function receive(...texts: string[]): void {
  const feed = feedOf(PORT);
  act(() => {
    for (const text of texts) feed.receive({ kind: 'line', port: PORT, seq: ++seq, t: seq, text });
    feed.flush();
  });
}

/** jsdom has no layout: give the log a scroll geometry the test controls. */
function geometry(el: HTMLElement, height: () => number, client = 200): { top: number } {
  const state = { top: 0 };
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: height });
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => client });
  Object.defineProperty(el, 'scrollTop', {
    configurable: true,
    get: () => state.top,
    set: (v: number) => (state.top = Math.min(v, Math.max(0, height() - client))),
  });
  return state;
}

/** The virtualiser reads the log's client size, which jsdom leaves at 0: give logs a size. */
const LOG_SIZE = { clientHeight: 400, clientWidth: 800 } as const;
const restore: (() => void)[] = [];
beforeEach(() => {
  for (const [prop, size] of Object.entries(LOG_SIZE)) {
    const own = Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop);
    Object.defineProperty(HTMLElement.prototype, prop, {
      configurable: true,
      get(this: HTMLElement) {
        return this.getAttribute('role') === 'log' ? size : 0;
      },
    });
    restore.push(() =>
      own
        ? Object.defineProperty(HTMLElement.prototype, prop, own)
        : delete (HTMLElement.prototype as unknown as Record<string, unknown>)[prop],
    );
  }
});
afterEach(() => restore.splice(0).forEach((r) => r()));

let fake: FakeApi;
beforeEach(() => {
  localStorage.clear();
  seq = 0;
  setFrameScheduler(() => {});
  fake = installFakeApi(
    fakeApi({
      'serial.monitors': () => ({ monitors: [] }),
      'ports.list': () => ({ ports: [], listError: null }),
      'flash.boards': () => ({ boards: [] }),
      'flash.jobs': () => ({ jobs: [] }),
    }),
  );
  useSerialSettings.setState({ ports: {}, history: {}, drafts: {} });
  useSerialDefaults.setState({ bauds: DEFAULT_BAUDS });
  usePorts.setState({ ports: [], loaded: false });
});
afterEach(() => {
  resetSerial();
  setFrameScheduler(null);
});

describe('serial output: autoscroll', () => {
  const output = (autoscroll = true) => (
    <SerialOutput
      port={PORT}
      mode="text"
      timestamps={false}
      autoscroll={autoscroll}
      query=""
      current={null}
      wholeText={() =>
        feedOf(PORT)
          .lines.all()
          .map((r) => r.text)
          .join('\n')
      }
    />
  );

  it('follows the newest line; scrolling up suspends it and "Jump to newest (N new lines)" returns', async () => {
    receive('BANNER fw=hello version=1.0.0 mcu=atmega328p');
    const { rerender } = render(output());
    const log = screen.getByRole('log', { name: `Output of ${PORT}` });
    expect(log.textContent).toContain('version=1.0.0');
    const scroll = geometry(log, () => 20 * feedOf(PORT).lines.length + 8);

    receive(...Array.from({ length: 30 }, (_, i) => `line ${i}`));
    rerender(output());
    expect(scroll.top).toBe(20 * 31 + 8 - 200); // at the bottom

    // The user scrolls up: following stops, new lines are counted.
    scroll.top = 100;
    fireEvent.scroll(log);
    receive('a', 'b', 'c');
    expect(scroll.top).toBe(100);
    const jump = screen.getByRole('button', { name: 'Jump to newest (3 new lines)' });

    await userEvent.click(jump);
    expect(scroll.top).toBe(20 * 34 + 8 - 200);
    fireEvent.scroll(log);
    expect(screen.queryByRole('button', { name: /Jump to newest/ })).toBeNull();
    receive('d');
    expect(scroll.top).toBe(20 * 35 + 8 - 200); // following again
  });

  it('new lines never take away a selection: following pauses while text is selected', () => {
    receive(...Array.from({ length: 20 }, (_, i) => `line ${i}`));
    render(output());
    const log = screen.getByRole('log');
    const scroll = geometry(log, () => 20 * feedOf(PORT).lines.length);
    receive('x');
    const bottom = scroll.top;
    const range = document.createRange();
    range.selectNodeContents(screen.getByText('line 3'));
    window.getSelection()!.removeAllRanges(); // an earlier click left a caret
    window.getSelection()!.addRange(range);
    receive('y', 'z');
    expect(scroll.top).toBe(bottom);
    expect(window.getSelection()!.toString()).toBe('line 3');
    expect(screen.getByRole('button', { name: 'Jump to newest (2 new lines)' })).toBeTruthy();
    window.getSelection()!.removeAllRanges();
  });

  it('with Autoscroll off it stays put and counts what arrived below', () => {
    receive('first');
    render(output(false));
    const log = screen.getByRole('log', { name: `Output of ${PORT}` });
    const scroll = geometry(log, () => 20 * feedOf(PORT).lines.length);
    receive('second', 'third');
    expect(scroll.top).toBe(0);
    expect(screen.getByRole('button', { name: 'Jump to newest (2 new lines)' })).toBeTruthy();
  });

  it('shows control characters muted, the partial line last, and the dropped-lines marker first', () => {
    receive('\u001b[1mbold\u001b[0m', 'bad \ufffd byte');
    act(() => {
      feedOf(PORT).receive({ kind: 'partial', port: PORT, t: 99, text: 'login: ' });
      feedOf(PORT).flush();
      useSerial.setState((s) => ({
        monitors: { ...s.monitors, [PORT]: { ...s.monitors[PORT]!, droppedBefore: 12 } },
      }));
    });
    render(output());
    const log = screen.getByRole('log');
    const rows = [...log.querySelectorAll('.serial-row-wrap')].map((r) => r.textContent);
    expect(rows).toEqual(['Older lines dropped', '\\x1b[1mbold\\x1b[0m', 'bad · byte', 'login: ']);
    expect([...log.querySelectorAll('.serial-ctl')].map((c) => c.textContent)).toEqual([
      '\\x1b',
      '\\x1b',
      '·',
    ]);
  });
});

describe('serial monitor panel', () => {
  beforeEach(() => {
    useSerial.setState({ tabs: [PORT], monitors: {}, loaded: true });
    act(() =>
      feedOf(PORT).receive({
        kind: 'status',
        port: PORT,
        status: 'connected',
        message: 'Connected · 115200 8N1',
        baudRate: 115200,
        error: null,
      }),
    );
    act(() => feedOf(PORT).flush());
  });

  function Harness() {
    useShortcuts();
    return <MonitorPanel port={PORT} />;
  }

  it('Plot charts the numbers in the lines (text lines skipped, counted); Clear empties it', async () => {
    receive('sensor demo v1.2 ready', 'temp:21.5,hum:40', 'temp: 21.7  hum: 41');
    render(<Harness />);
    await userEvent.click(screen.getByRole('button', { name: 'Plot' }));
    const plot = screen.getByTestId(`serial-plot-${PORT}`);
    expect(plot.getAttribute('data-sample-count')).toBe('2');
    const legend = screen.getByRole('list', { name: 'Series' });
    expect(legend.textContent).toBe('temp21.7hum41');
    expect(screen.getByText('2 samples plotted · 1 text line skipped')).toBeTruthy();
    await userEvent.click(screen.getByRole('checkbox', { name: /hum/ }));
    expect((screen.getByRole('checkbox', { name: /hum/ }) as HTMLInputElement).checked).toBe(false);
    fake.handle('serial.clear', () => info());
    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    // The plotter's figures follow the buffer four times a second, not per line.
    await waitFor(() =>
      expect(screen.getByTestId(`serial-plot-${PORT}`).getAttribute('data-sample-count')).toBe('0'),
    );
  });

  it('marks the line main writes where a flash happened', () => {
    receive('old firmware', '— flashed hello.hex at 14:02:11 —', 'BANNER fw=hello');
    render(<Harness />);
    const marker = screen.getByText('— flashed hello.hex at 14:02:11 —');
    expect(marker.closest('.serial-row')?.className).toContain('serial-marker');
    expect(screen.getByText('old firmware').closest('.serial-row')?.className).not.toContain(
      'serial-marker',
    );
  });

  it('Space pauses the display (lines keep arriving in the buffer) and resumes it', async () => {
    receive('one');
    render(<Harness />);
    expect(screen.getByText('Connected · 115200 8N1')).toBeTruthy();
    await userEvent.keyboard(' ');
    expect(
      screen.getByRole('button', { name: 'Resume display' }).getAttribute('aria-pressed'),
    ).toBe('true');
    receive('two', 'three');
    expect(screen.getByText('Display paused: 2 new lines in the buffer.')).toBeTruthy();
    expect(screen.getByRole('log').textContent).not.toContain('two');
    (document.activeElement as HTMLElement | null)?.blur();
    await userEvent.keyboard(' ');
    expect(screen.getByRole('log').textContent).toContain('three');
  });

  it("Enter sends with the line ending; Up and Down walk this port's history", async () => {
    fake.handle('serial.send', ({ data }) => ({ bytes: data.length + 1 }));
    render(<Harness />);
    const input = screen.getByLabelText(`Send to ${PORT}`);
    await userEvent.type(input, 'help{Enter}');
    await userEvent.type(input, 'status{Enter}');
    expect(fake.calls.filter((c) => c.name === 'serial.send').map((c) => c.input)).toEqual([
      { port: PORT, data: 'help', mode: 'text', lineEnding: 'lf' },
      { port: PORT, data: 'status', mode: 'text', lineEnding: 'lf' },
    ]);
    expect(screen.getByText('Sent 7 bytes')).toBeTruthy();
    await userEvent.type(input, 'dra');
    await userEvent.keyboard('{ArrowUp}');
    expect((input as HTMLInputElement).value).toBe('status');
    await userEvent.keyboard('{ArrowUp}');
    expect((input as HTMLInputElement).value).toBe('help');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect((input as HTMLInputElement).value).toBe('dra');
    expect(useSerialSettings.getState().history[PORT]).toEqual(['help', 'status']);
  });

  it('Mod+F opens the search; matches are counted and highlighted', async () => {
    receive('BANNER fw=hello version=1.0.0', 'ping', 'ping');
    render(<Harness />);
    await userEvent.keyboard('{Control>}f{/Control}');
    const search = await screen.findByRole('searchbox', { name: 'Search the output' });
    await userEvent.type(search, 'PING');
    expect(screen.getByText('1 of 2')).toBeTruthy();
    await userEvent.keyboard('{Enter}');
    expect(screen.getByText('2 of 2')).toBeTruthy();
    expect(screen.getByRole('log').querySelectorAll('mark')).toHaveLength(2);
  });

  it('a port the flasher holds says so in words, with Retry', () => {
    act(() =>
      useSerial.setState((s) => ({
        monitors: {
          ...s.monitors,
          [PORT]: {
            ...s.monitors[PORT]!,
            openError: {
              code: 'PORT_BUSY',
              message: 'Port busy: held by the flasher',
              detail: null,
            },
          },
        },
      })),
    );
    render(<Harness />);
    expect(screen.getByRole('alert').textContent).toContain('Port busy: held by the flasher');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});

describe('serial view', () => {
  it('with no port open it says what to do next', async () => {
    render(<SerialView route={parseHash('#/serial')} />);
    expect(await screen.findByRole('heading', { name: 'No port open.' })).toBeTruthy();
    expect(screen.getByText('Pick a port above, or Open monitor from Boards.')).toBeTruthy();
  });

  it('a route naming a port opens it at the baud rate main remembers for the board, and shows its tab', async () => {
    fake.handle('ports.list', () => ({
      ports: [port(PORT, { lastBaud: 57600 })],
      listError: null,
    }));
    fake.handle('serial.open', ({ baudRate }) =>
      info({ baudRate, message: `Connected · ${baudRate} 8N1` }),
    );
    fake.handle('serial.buffer', () => ({
      monitor: info(),
      lines: [],
      chunks: [],
      partial: null,
      more: false,
    }));
    render(<SerialView route={parseHash(`#/serial/${encodeURIComponent(PORT)}`)} />);
    const tab = await screen.findByRole('tab', { name: PORT });
    expect(tab.getAttribute('aria-selected')).toBe('true');
    expect(fake.calls.find((c) => c.name === 'serial.open')?.input).toEqual({
      port: PORT,
      baudRate: 57600,
      lineEnding: 'lf',
    });
    expect(fake.subscriptions('serial.output')).toEqual([
      { topic: 'serial.output', params: { port: PORT, chunks: false } },
    ]);
  });

  it('a board never opened here opens at the default for its kind (Settings → Serial)', async () => {
    const ESP = '/dev/ttyUSB1';
    useSerialDefaults.getState().setBaud('avr', 19200);
    fake.handle('ports.list', () => ({
      ports: [port(ESP, { family: 'esp', board: null, detectedBoard: null }), port(PORT)],
      listError: null,
    }));
    fake.handle('serial.open', ({ port: p, baudRate }) => monitorInfo(p as string, { baudRate }));
    fake.handle('serial.buffer', ({ port: p }) => ({
      monitor: monitorInfo(p as string),
      lines: [],
      chunks: [],
      partial: null,
      more: false,
    }));
    const view = render(<SerialView route={parseHash(`#/serial/${encodeURIComponent(ESP)}`)} />);
    await screen.findByRole('tab', { name: ESP });
    view.rerender(<SerialView route={parseHash(`#/serial/${encodeURIComponent(PORT)}`)} />);
    await screen.findByRole('tab', { name: PORT });
    expect(
      fake.calls
        .filter((c) => c.name === 'serial.open')
        .map((c) => (c.input as { baudRate: number }).baudRate),
    ).toEqual([115200, 19200]);
  });

  it('two ports: a tab each, no cross-talk, Left/Right move between the tabs', async () => {
    const OTHER = '/dev/ttyUSB0';
    fake.handle('serial.monitors', () => ({
      monitors: [info(), monitorInfo(OTHER, { baudRate: 9600, message: 'Connected · 9600 8N1' })],
    }));
    fake.handle('serial.buffer', ({ port }) => ({
      monitor: port === PORT ? info() : monitorInfo(OTHER),
      lines: [{ seq: 1, t: 1, text: port === PORT ? 'only on ACM0' : 'only on USB0' }],
      chunks: [],
      partial: null,
      more: false,
    }));
    window.location.hash = `#/serial/${encodeURIComponent(PORT)}`;
    const { rerender } = render(<SerialView route={parseHash(window.location.hash)} />);
    const first = await screen.findByRole('tab', { name: PORT });
    expect(screen.getByRole('tab', { name: OTHER }).getAttribute('aria-selected')).toBe('false');
    await vi.waitFor(() => {
      act(() => feedOf(PORT).flush());
      expect(screen.getByRole('log').textContent).toContain('only on ACM0');
    });
    expect(screen.getByRole('log').textContent).not.toContain('only on USB0');

    first.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(window.location.hash).toBe(`#/serial/${encodeURIComponent(OTHER)}`);
    rerender(<SerialView route={parseHash(window.location.hash)} />);
    await vi.waitFor(() => {
      act(() => feedOf(OTHER).flush());
      expect(screen.getByRole('log', { name: `Output of ${OTHER}` }).textContent).toContain(
        'only on USB0',
      );
    });
    expect(screen.getByRole('log').textContent).not.toContain('only on ACM0');
    expect(screen.getByText('Connected · 9600 8N1')).toBeTruthy();
  });
});
