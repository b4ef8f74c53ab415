/**
 * How much the protocol inspector keeps (FrameInspector gives these to its rings and its
 * SampleLog): every bound in one place, with why it is that size.
 */

/** Stream names remembered per device (the newest; a device rarely has more streams open). */
export const INSPECTOR_STREAM_NAMES = 64;

/** Frames kept per device: enough to scroll back through a session, bounded in memory. */
export const INSPECTOR_FRAMES_PER_DEVICE = 100;
/** Hex kept per frame: a 256 KiB file chunk would otherwise dominate the buffer. */
export const INSPECTOR_MAX_HEX_BYTES = 1024;
/**
 * Devices whose frames are kept (with INSPECTOR_BYTES_PER_DEVICE, at most 64 MiB in all). Past
 * it a device that sent nothing since the last eviction pass is forgotten first ("second
 * chance": recording only sets a flag, where true recency would cost a map update per frame).
 */
export const INSPECTOR_MAX_DEVICES = 1000;

/** Bytes kept per device: a device sending large frames keeps fewer of them. */
export const INSPECTOR_BYTES_PER_DEVICE = 64 * 1024;

/** The shared log of stream samples (SampleLog) and how a device's samples go into it. */
export const INSPECTOR_LOG = {
  /**
   * Samples of all devices together: about 6 s at 10,000 samples/s, 6 MiB in all once the
   * first sample came (2 MiB of 32-byte records, 4 MiB of bytes).
   */
  frames: 65_536,
  bytes: 4 * 1024 * 1024,
  /** A device's newest samples that leave the log for its own ring rather than away (quiet devices). */
  keptPerDevice: 16,
  /**
   * Past this many samples a second a device's samples are thinned to this rate (after a first
   * `burst`): the 100 frames the inspector shows of a device then span at least a second, and
   * the log's writes stay within what the caches hold when devices flood (docs/performance.md,
   * "Throughput ceiling"). A live follower still gets every sample.
   */
  perSecond: 100,
  burst: 100,
} as const;
