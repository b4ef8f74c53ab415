// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { Value } from '../../model/pson';
import { resetResources, resourceKey, useResources, type Fn } from '../../state/resources';
import type { ResourceCommands } from './commands';
import { DESKTOP_API_ORIGIN } from './curl';
import { panelActions } from './panelActions';
import type { PanelContext, PanelState } from './panelActionTypes';

const KEY = resourceKey('site', 'thermo', 'setpoint');

/** The panel's commands, recording what they were asked to send. */
function commands(sent: (Value | undefined)[]): ResourceCommands {
  return {
    key: KEY,
    words: { reported: () => '', done: () => '', failed: () => '' },
    asks: false,
    request: (input) => void sent.push(input),
    confirm: () => {},
    cancel: () => {},
  };
}

function contextOf(fn: Fn, state: Partial<PanelState> = {}, more: Partial<PanelContext> = {}) {
  const sent: (Value | undefined)[] = [];
  const ctx: PanelContext = {
    target: { user: 'site', device: 'thermo', resource: 'setpoint', fn },
    cmd: commands(sent),
    state: { enabled: true, ready: true, input: 21, shown: 20, ...state },
    runtime: 'desktop',
    asked: undefined,
    ...more,
  };
  return { actions: panelActions(ctx), sent };
}

const enabled = (a: { enabled?: () => boolean }): boolean => (a.enabled ? a.enabled() : true);

beforeEach(() => resetResources());

describe('a panel’s actions', () => {
  it('Send sends the form’s value, once the form holds one and the device is online', () => {
    const { actions, sent } = contextOf(2);
    expect(actions.primary).toMatchObject({ id: `resources.primary.${KEY}`, label: 'Send' });
    actions.primary.perform();
    expect(sent).toEqual([21]);
    expect(enabled(contextOf(2, { ready: false }).actions.primary)).toBe(false);
    expect(enabled(contextOf(2, { enabled: false }).actions.primary)).toBe(false);
  });

  it('Run sends nothing and does not wait for a form; an output’s primary is Refresh', () => {
    const { actions, sent } = contextOf(1, { ready: false });
    expect(actions.primary.label).toBe('Run');
    expect(enabled(actions.primary)).toBe(true);
    actions.primary.perform();
    expect(sent).toEqual([undefined]);
    const output = contextOf(3).actions;
    expect(output.primary).toBe(output.refresh);
  });

  it('offers Chart only on an output that holds a number', () => {
    expect(contextOf(3).actions.chart?.id).toBe(`resources.chart.${KEY}`);
    expect(contextOf(4, { shown: { text: 'hello' } }).actions.chart).toBeNull();
    expect(contextOf(2).actions.chart).toBeNull();
  });

  it('Copy with token exists only in the web console; Copy JSON waits for a value', () => {
    expect(contextOf(3).actions.copyCurlToken).toBeNull();
    expect(contextOf(3, {}, { runtime: 'console' }).actions.copyCurlToken).not.toBeNull();
    expect(enabled(contextOf(3, { shown: undefined }).actions.copyJson)).toBe(false);
    expect(contextOf(3).actions.curlText()).toContain(
      `${DESKTOP_API_ORIGIN}/v3/users/site/devices/thermo/resources/setpoint`,
    );
  });

  it('Ask before changing flips what the user set, or the kind’s default', () => {
    contextOf(2).actions.toggleAsk.perform();
    expect(useResources.getState().ask[KEY]).toBe(false);
    contextOf(2, {}, { asked: false }).actions.toggleAsk.perform();
    expect(useResources.getState().ask[KEY]).toBe(true);
  });
});
