// @vitest-environment jsdom
/**
 * The inspector's follow list (issue 16): a searchable picker whose button says what is
 * followed ("Following 16 of 20" when all devices are more than the cap, "Following 2 of 20" for
 * a chosen list), kept in the route, and followed for real (one subscription per device).
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useRoute } from '../../navigation/router';
import { resetDevices } from '../../state/devices';
import { INSPECTOR_MAX_FOLLOWED, resetInspector } from '../../state/inspector';
import { fakeApi, installFakeApi, type FakeApi } from '../../testing/fakeApi';
import { onlineStatus, testDevice } from '../devices/testDevices';
import { T0 } from '../../model/inspector/testFrames';
import { InspectorView } from './InspectorView';

// More devices than "all devices" follows at once; ids that sort wrongly as plain strings.
const FIELD = Array.from({ length: 20 }, (_, i) => `site/field-${i + 1}`);

function Harness() {
  return <InspectorView route={useRoute()} />;
}

let fake: FakeApi;

function show(): void {
  window.location.hash = '#/inspector';
  fake = installFakeApi(
    fakeApi({
      'devices.list': () => ({ devices: FIELD.map((k) => testDevice(k, onlineStatus(T0))) }),
      'inspector.frames': () => ({ frames: [], thinned: null }),
    }),
  );
  render(<Harness />);
}

const pickerButton = () => screen.getByRole('button', { name: /^Devices: / });
const panel = () => screen.getByRole('group', { name: 'Devices' });
/** The device rows of the open picker, by key, in the order shown. */
const listed = () =>
  within(panel())
    .getAllByRole('checkbox')
    .map((box) => box.closest('label')!.textContent!)
    .filter((text) => text.startsWith('site/'))
    .map((text) => text.replace(/[^\w/-].*$/, ''));
const followedDevices = () =>
  fake
    .subscriptions('inspector.follow')
    .map((s) => (s.params as { device: string }).device)
    .sort();

beforeEach(() => {
  resetInspector();
  resetDevices();
});
afterEach(() => {
  resetInspector();
  resetDevices();
  window.location.hash = '';
});

describe('the follow-list picker', () => {
  it('says how many of all devices are followed, and search narrows the list', async () => {
    const user = userEvent.setup();
    show();
    await waitFor(() =>
      expect(pickerButton().getAttribute('aria-label')).toBe(
        `Devices: Following ${INSPECTOR_MAX_FOLLOWED} of 20`,
      ),
    );
    await waitFor(() => expect(followedDevices()).toHaveLength(INSPECTOR_MAX_FOLLOWED));
    await user.click(pickerButton());
    expect(listed()).toHaveLength(20);
    // Natural order: field-2 before field-10.
    expect(listed().slice(0, 3)).toEqual(['site/field-1', 'site/field-2', 'site/field-3']);

    const search = within(panel()).getByRole('searchbox', { name: 'Search devices' });
    await user.type(search, 'FIELD-1');
    expect(listed()).toEqual([
      'site/field-1',
      'site/field-10',
      'site/field-11',
      'site/field-12',
      'site/field-13',
      'site/field-14',
      'site/field-15',
      'site/field-16',
      'site/field-17',
      'site/field-18',
      'site/field-19',
    ]);
    expect(within(panel()).getByRole('button', { name: 'Follow the 11 shown' })).toBeTruthy();
    await user.clear(search);
    await user.type(search, 'nothing-like-it');
    expect(within(panel()).getByText('No device matches.')).toBeTruthy();
    expect(
      (within(panel()).getByRole('button', { name: 'Follow the 0 shown' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
  });

  it('choosing devices updates "Following N of M", the route and what is followed', async () => {
    const user = userEvent.setup();
    show();
    await waitFor(() => expect(pickerButton().getAttribute('aria-label')).toMatch(/of 20$/));
    await user.click(pickerButton());
    const search = within(panel()).getByRole('searchbox', { name: 'Search devices' });
    await user.type(search, 'field-2');
    expect(listed()).toEqual(['site/field-2', 'site/field-20']);
    await user.click(within(panel()).getByRole('button', { name: 'Follow the 2 shown' }));
    await waitFor(() =>
      expect(pickerButton().getAttribute('aria-label')).toBe('Devices: Following 2 of 20'),
    );
    expect(window.location.hash).toBe('#/inspector?device=site/field-2&device=site/field-20');
    await waitFor(() => expect(followedDevices()).toEqual(['field-2', 'field-20']));

    // Tick one more from the whole list; untick down to one, then none (all devices again).
    await user.clear(within(panel()).getByRole('searchbox', { name: 'Search devices' }));
    const row = (key: string) =>
      within(panel()).getAllByRole('checkbox')[listed().indexOf(key) + 1]!;
    await user.click(row('site/field-5'));
    await waitFor(() =>
      expect(pickerButton().getAttribute('aria-label')).toBe('Devices: Following 3 of 20'),
    );
    await user.click(row('site/field-2'));
    await user.click(row('site/field-20'));
    await waitFor(() =>
      expect(pickerButton().getAttribute('aria-label')).toBe('Devices: site/field-5'),
    );
    await waitFor(() => expect(followedDevices()).toEqual(['field-5']));
    await user.click(row('site/field-5'));
    await waitFor(() =>
      expect(pickerButton().getAttribute('aria-label')).toBe(
        `Devices: Following ${INSPECTOR_MAX_FOLLOWED} of 20`,
      ),
    );
  });
});
