/**
 * Improv Serial on a board by port path: device info, current state, Wi-Fi settings. Each call is
 * one session (lease → open → run → close → release); opening an ESP's port resets it.
 */
import {
  ImprovFramer,
  improvDeviceInfoProgram,
  improvSetWifiProgram,
  improvStateProgram,
  type ImprovDeviceInfo,
  type ImprovOptions,
  type ImprovStatus,
  type ImprovWifiResult,
} from '../protocol';
import { runOnPort, type PortSessionDeps } from './portSession';

export type ImprovDeps = PortSessionDeps & ImprovOptions;

export const improv = {
  deviceInfo: (path: string, deps: ImprovDeps): Promise<ImprovDeviceInfo> =>
    runOnPort(path, 'Improv Serial', new ImprovFramer(), improvDeviceInfoProgram(deps), deps),

  currentState: (path: string, deps: ImprovDeps): Promise<ImprovStatus> =>
    runOnPort(path, 'Improv Serial', new ImprovFramer(), improvStateProgram(deps), deps),

  /** Rejects with REJECTED when the board cannot join (wrong password, unknown network). */
  setWifi: (path: string, ssid: string, psk: string, deps: ImprovDeps): Promise<ImprovWifiResult> =>
    runOnPort(
      path,
      'Improv Serial',
      new ImprovFramer(),
      improvSetWifiProgram(ssid, psk, deps),
      deps,
    ),
};
