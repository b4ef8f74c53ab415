/**
 * What the checks need from a connected device: the same describe/run/stream a person uses in the
 * Resources view, through the broker's API. Values are JSON (`{"$bytes": …}` for byte strings).
 */
import type { Json } from '../../protocol';

export interface DeviceAnswer {
  ok: boolean;
  value: Json;
  /** The device's status code on an ERROR (or OK) answer, when it sent one. */
  code: Json;
}

export interface CheckDevice {
  /** DESCRIBE, fresh from the device: all resources, or one (`{in?, out?}`). */
  describe(resource?: string): Promise<DeviceAnswer>;
  run(resource: string, input?: Json): Promise<DeviceAnswer>;
  /**
   * Samples of `resource` at `intervalMs`, with the broker's receive time; `onError` hears a
   * refused stream or the device going offline. The returned function ends the stream.
   */
  stream(
    resource: string,
    intervalMs: number,
    onSample: (time: number, value: Json) => void,
    onError: (reason: string) => void,
  ): () => void;
}

/** What a technician answers to a prompt. */
export type PromptAnswer =
  | { kind: 'manual'; verdict: 'pass' | 'fail' | 'skip'; note?: string }
  | { kind: 'confirm'; confirmed: boolean; note?: string };
