/**
 * The device side the broker benches share (bench:broker's fleet, its hot-path diagnosis,
 * bench:hostile's legit device): the CONNECT frame, and a frame parser that answers the broker as
 * a device does — OK to START_STREAM, STOP_STREAM and RUN (IOTMP.md §6.1, §7.4, §8.1) — and says
 * which stream it may send samples on.
 */
import {
  Field,
  FrameParser,
  MessageType,
  connect as connectMessage,
  decodeBody,
  encodeFrame,
  ok,
  streamData,
  type PsonValue,
} from '../../src-main/protocol';

/** CONNECT (pv1) for user `bench`; `streamId` 17767 is IOTMP-Linux's first `rand()`. */
export function connectFrame(device: string, credential: string, streamId = 1): Uint8Array {
  return encodeFrame(connectMessage(1, streamId, ['bench', device, credential]), 1);
}

/** STREAM_DATA (pv1) on the stream the broker opened. */
export function sampleFrame(stream: number, payload: PsonValue): Uint8Array {
  return encodeFrame(streamData(stream, payload), 1);
}

export interface BenchDeviceHandlers {
  /** The first frame, the CONNECT answer: whether it is OK. */
  authenticated(ok: boolean): void;
  /** The stream the broker opened (its id), or 0 once it stopped it. */
  stream(id: number): void;
  /** What a RUN is answered with (default: a bare OK). */
  runPayload?: PsonValue;
}

/** A parser for the frames the broker sends one device; `reply` writes the answers back. */
export function benchDeviceParser(
  reply: (frame: Uint8Array) => void,
  h: BenchDeviceHandlers,
): FrameParser {
  let authed = false;
  const answer = (id: number, payload?: PsonValue) =>
    reply(encodeFrame(ok(id, payload === undefined ? undefined : { payload }), 1));
  return new FrameParser({
    onFrame: (f) => {
      if (!authed) {
        authed = true;
        h.authenticated(f.type === MessageType.OK);
        return;
      }
      // Only these need an answer: other frames are not decoded (the hot path stays cheap).
      if (
        f.type !== MessageType.START_STREAM &&
        f.type !== MessageType.STOP_STREAM &&
        f.type !== MessageType.RUN
      )
        return;
      const id = decodeBody(f.type, f.body, 1).fields.get(Field.STREAM_ID) as number;
      answer(id, f.type === MessageType.RUN ? h.runPayload : undefined);
      if (f.type === MessageType.START_STREAM) h.stream(id);
      else if (f.type === MessageType.STOP_STREAM) h.stream(0);
    },
  });
}
