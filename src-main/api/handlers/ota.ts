/** ota.*: OTA jobs over OtaJobs (decisions there and in ota/OtaUpdate). */
import { ApiError, ApiErrorCode, type OtaJob } from '../../contract';
import type { OtaJobEvent, OtaJobs } from '../../ota/OtaJobs';
import { queuedTopic } from '../topicQueue';
import type { CallsOf, TopicsOf } from './types';

/** Progress events a slow subscriber may have waiting (older ones are dropped, the last kept). */
const OTA_PROGRESS_QUEUE = 512;

export function otaHandlers(
  ota: OtaJobs,
  known: (user: string, device: string) => void,
): { calls: CallsOf<'ota'>; topics: TopicsOf<'ota'> } {
  const job = (jobId: string): OtaJob => {
    const j = ota.job(jobId);
    if (!j) throw new ApiError(ApiErrorCode.NOT_FOUND, `no OTA job ${jobId}`);
    return j;
  };
  return {
    calls: {
      'ota.start': ({ user, devices, image, firmware, version }) => {
        for (const d of devices) known(user, d);
        try {
          return ota.start({
            user,
            devices,
            image: Buffer.from(image, 'base64'),
            ...(firmware !== undefined ? { firmware } : {}),
            ...(version !== undefined ? { version } : {}),
          });
        } catch (e) {
          if (e instanceof RangeError) throw new ApiError(ApiErrorCode.BAD_REQUEST, e.message);
          throw e;
        }
      },
      'ota.jobs': ({ jobId }) => ({ jobs: jobId !== undefined ? [job(jobId)] : ota.list() }),
      'ota.cancel': ({ jobId }) => {
        job(jobId);
        return { cancelled: ota.cancel(jobId) };
      },
    },
    topics: {
      'ota.progress': ({ jobId }, listener) => {
        if (jobId !== undefined) job(jobId);
        const q = queuedTopic<OtaJobEvent>(listener, OTA_PROGRESS_QUEUE, () => ({
          jobId: jobId ?? '',
          device: null,
          finished: false,
        }));
        const off = ota.onProgress((e) => {
          if (jobId === undefined || e.jobId === jobId) q.push(e);
        });
        return { resume: q.resume, close: off };
      },
    },
  };
}
