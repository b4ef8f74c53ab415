import { describe, expect, it } from 'vitest';
import { ADMIN, describeNeed, permits } from './permissions';

describe('token permissions (Thinger allow/deny)', () => {
  const need = (type: string, id: string, action: string, resource?: string) => ({
    type,
    id,
    action,
    ...(resource !== undefined ? { resource } : {}),
  });

  it('admin access allows everything', () => {
    expect(permits(ADMIN, undefined, need('Device', 'thermo', 'DeleteDevice'))).toBe(true);
  });

  it("Thinger's custom example: one bucket read, any device's resources", () => {
    const allow = {
      Bucket: { mqtt_bucket: ['ReadBucket'] },
      Device: { '*': ['AccessDeviceResources'] },
    };
    expect(permits(allow, undefined, need('Bucket', 'mqtt_bucket', 'ReadBucket'))).toBe(true);
    expect(permits(allow, undefined, need('Bucket', 'mqtt_bucket', 'WriteBucket'))).toBe(false);
    expect(permits(allow, undefined, need('Bucket', 'other', 'ReadBucket'))).toBe(false);
    expect(permits(allow, undefined, need('Device', 'x', 'AccessDeviceResources', 'temp'))).toBe(
      true,
    );
    expect(permits(allow, undefined, need('Device', 'x', 'ListDevices'))).toBe(false);
  });

  it('limits an action to some resources, allows globs, and deny wins', () => {
    const allow = { Device: { thermo: [{ AccessDeviceResources: ['temp', '$ota/*'] }, 'Read*'] } };
    expect(
      permits(allow, undefined, need('Device', 'thermo', 'AccessDeviceResources', 'temp')),
    ).toBe(true);
    expect(
      permits(allow, undefined, need('Device', 'thermo', 'AccessDeviceResources', '$ota/begin')),
    ).toBe(true);
    expect(
      permits(allow, undefined, need('Device', 'thermo', 'AccessDeviceResources', 'heating')),
    ).toBe(false);
    expect(permits(allow, undefined, need('Device', 'thermo', 'ReadDeviceStatistics'))).toBe(true);
    const deny = { Device: { thermo: ['ReadDeviceStatistics'] } };
    expect(permits(allow, deny, need('Device', 'thermo', 'ReadDeviceStatistics'))).toBe(false);
  });

  it('says what is missing in one line', () => {
    expect(describeNeed(need('Device', 'thermo', 'AccessDeviceResources', 'temp'))).toBe(
      'Device thermo: AccessDeviceResources (resource temp)',
    );
  });
});
