/** `flash.*`: boards, firmware inspection, flash jobs (start, cancel, list) and their progress. */
import { ApiError, ApiErrorCode, type FlashEvent } from '../../contract';
import { BOARDS, ESP_BOARDS } from '../../flash/protocol';
import type { SerialServices } from '../../services/types';
import { FLASH_PROGRESS_QUEUE, queuedTopic } from '../topicQueue';
import {
  boardProfileView,
  espFirmwareView,
  fitView,
  hexOnEspFit,
  targetView,
} from './firmwareViews';
import { jobView, progressView, resultView } from './jobViews';
import type { CallsOf, TopicsOf } from './types';

export function flashHandlers(serial: SerialServices): {
  calls: CallsOf<'flash'>;
  topics: TopicsOf<'flash'>;
} {
  const { jobs } = serial;
  const calls: CallsOf<'flash'> = {
    'flash.boards': () => ({
      boards: [
        ...Object.values(BOARDS).map(boardProfileView),
        ...Object.values(ESP_BOARDS).map(boardProfileView),
      ],
    }),
    'flash.inspectFirmware': ({ hex, files, name }) => {
      if (files) {
        const { plan, sha256 } = serial.inspectEsp(files);
        return espFirmwareView(plan, sha256, name ?? null);
      }
      if (hex === undefined)
        throw new ApiError(ApiErrorCode.BAD_REQUEST, 'give the firmware as hex or as files');
      const { firmware: fw, sha256 } = serial.inspectFirmware(hex);
      return {
        name: name ?? null,
        sizeBytes: fw.dataBytes,
        sha256,
        startAddress: fw.start,
        endAddress: fw.end,
        target: targetView(fw.target),
        fits: [
          ...Object.values(BOARDS).map((b) => fitView(fw, b)),
          ...Object.values(ESP_BOARDS).map((b) => hexOnEspFit(fw, b)),
        ],
      };
    },
    'flash.start': async (request) => ({ job: jobView(await serial.startFlash(request)) }),
    'flash.cancel': ({ jobId, port }) => {
      const record = serial.job(jobId);
      if (port !== undefined && !record.boards.some((b) => b.target.path === port))
        throw new ApiError(ApiErrorCode.NOT_FOUND, `flash job ${jobId} has no board on ${port}`);
      return { cancelled: jobs.cancel(jobId, port) };
    },
    'flash.jobs': ({ jobId, log }) => ({
      jobs: (jobId !== undefined ? [serial.job(jobId)] : jobs.list()).map((r) =>
        jobView(r, log ?? false),
      ),
    }),
  };
  const topics: TopicsOf<'flash'> = {
    'flash.progress': ({ jobId }, listener) => {
      if (jobId !== undefined) serial.job(jobId);
      const q = queuedTopic<FlashEvent>(listener, FLASH_PROGRESS_QUEUE, (dropped) => ({
        kind: 'gap',
        dropped,
      }));
      const off = jobs.on((e) => {
        if (jobId !== undefined && e.batch.id !== jobId) return;
        const id = e.batch.id;
        if (e.type === 'started' || e.type === 'finished')
          q.push({ kind: 'job', job: jobView(e.batch) });
        else if (e.type === 'progress')
          q.push({
            kind: 'progress',
            jobId: id,
            port: e.board.target.path,
            ...progressView(e.progress),
          });
        else if (e.type === 'log')
          q.push({ kind: 'log', jobId: id, port: e.board.target.path, t: e.t, line: e.line });
        else
          q.push({
            kind: 'result',
            jobId: id,
            port: e.board.target.path,
            result: resultView(e.result, e.batch),
          });
      });
      return { resume: q.resume, close: off };
    },
  };
  return { calls, topics };
}
