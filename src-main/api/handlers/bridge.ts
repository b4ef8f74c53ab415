/**
 * The contract's `bridge.*` calls and the `bridge.status` topic, mapped to the bridge's interface.
 * The password never leaves main: the UI learns whether one is set, and sends a new one or ''.
 */
import { ApiError, ApiErrorCode, type BridgeStatus, type BridgeView } from '../../contract';
import type { BridgeServices } from '../../services/types';
import type { CallsOf, TopicsOf } from './types';

function bridgeView(bridge: BridgeServices): BridgeView {
  const { password, ...settings } = bridge.settings;
  return { settings: { ...settings, passwordSet: password !== '' }, status: bridge.status() };
}

export function bridgeHandlers(bridge: BridgeServices): {
  calls: CallsOf<'bridge'>;
  topics: TopicsOf<'bridge'>;
} {
  return {
    calls: {
      'bridge.get': () => bridgeView(bridge),
      'bridge.configure': async (patch) => {
        try {
          await bridge.update(patch);
        } catch (e) {
          // A setting that cannot work together ("a certificate without its key"): the user's to fix.
          if (e instanceof RangeError) throw new ApiError(ApiErrorCode.BAD_REQUEST, e.message);
          throw e;
        }
        return bridgeView(bridge);
      },
    },
    topics: {
      // A snapshot topic: while the transport is busy only the newest status waits.
      'bridge.status': (_params, listener) => {
        let busy = false;
        let pending: BridgeStatus | null = null;
        const send = (s: BridgeStatus): void => {
          if (busy) {
            pending = s;
            return;
          }
          if (listener(s) === false) busy = true;
        };
        send(bridge.status());
        const off = bridge.events.on('status', send);
        return {
          resume() {
            busy = false;
            const p = pending;
            pending = null;
            if (p) send(p);
          },
          close: off,
        };
      },
    },
  };
}
