// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import type { Device } from '@contract/schemas';
import { fakeApi, installFakeApi, type FakeApi } from '../testing/fakeApi';
import { offlineStatus, testDevice } from '../views/devices/testDevices';
import { followAdmin, useAdmin } from './admin';

const offline = offlineStatus();
const device = (id: string): Device => testDevice(`site/${id}`);

let fake: FakeApi;
let listed: Device[];

beforeEach(() => {
  listed = [device('a')];
  fake = installFakeApi(
    fakeApi({
      'devices.list': () => ({ devices: listed }),
      'devices.rejected': () => ({ rejected: [] }),
      'devices.add': (input) => ({ device: device(input.device), credential: input.credential! }),
      'broker.status': () => {
        throw new Error('not needed');
      },
    }),
  );
  useAdmin.setState({ devices: null, reveal: null, defaultUser: '' });
});

describe('the admin slice', () => {
  it('patches a row on presence, reloads for a device it has never seen, and stops following', async () => {
    const stop = followAdmin();
    await expect.poll(() => useAdmin.getState().devices?.length).toBe(1);
    fake.emit('devices.presence', {
      user: 'site',
      device: 'a',
      status: { ...offline, online: true },
    });
    expect(useAdmin.getState().devices![0]!.status.online).toBe(true);

    listed = [device('a'), device('new')];
    fake.emit('devices.presence', { user: 'site', device: 'new', status: offline });
    await expect.poll(() => useAdmin.getState().devices?.length).toBe(2);
    stop();
    expect(fake.subscriptions()).toEqual([]);
  });

  it('persists the draft and the default user, never a credential', async () => {
    useAdmin.getState().setDefaultUser('plant');
    expect(useAdmin.getState().draft.user).toBe('plant');
    useAdmin.getState().setDraft({ device: 'boiler', name: 'Boiler' });
    expect(localStorage.getItem('iotmp-studio.admin')).toContain('boiler');

    await useAdmin.getState().add({ user: 'plant', device: 'boiler', credential: 'S3cretValue' });
    expect(useAdmin.getState().reveal).toMatchObject({
      credential: 'S3cretValue',
      reason: 'added',
    });
    // The added device's draft is cleared back to the default user.
    expect(useAdmin.getState().draft).toMatchObject({ user: 'plant', device: '', name: '' });
    expect(localStorage.getItem('iotmp-studio.admin')).not.toContain('S3cretValue');
    useAdmin.getState().closeReveal();
    expect(useAdmin.getState().reveal).toBeNull();
  });
});
