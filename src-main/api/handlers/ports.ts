/** `ports.*`: the ports the watcher lists, ports added by path, the board chosen per port. */
import { ApiError, ApiErrorCode, type PortChange } from '../../contract';
import type { DetectedPort } from '../../serial/PortWatcher';
import type { SerialServices } from '../../services/types';
import { PORT_CHANGES_QUEUE, queuedTopic } from '../topicQueue';
import { portView } from './portViews';
import type { CallsOf, TopicsOf } from './types';

export function portHandlers(serial: SerialServices): {
  calls: CallsOf<'ports'>;
  topics: TopicsOf<'ports'>;
} {
  const { watcher } = serial;
  const view = (p: DetectedPort) => portView(p, serial.holderOf(p.path), serial.espChip(p.path));
  const calls: CallsOf<'ports'> = {
    'ports.list': async () => ({
      ports: (await serial.ports()).map(view),
      listError: serial.listError,
    }),
    'ports.addByPath': async ({ port }) => {
      const added = await watcher.addManualPort(port);
      if (!added) {
        await watcher.removeManualPort(port);
        throw new ApiError(
          ApiErrorCode.NOT_FOUND,
          `no port at ${port}: check the path (a pseudo-terminal exists only while its program runs)`,
        );
      }
      return { port: view(added) };
    },
    'ports.remove': async ({ port }) => ({ removed: await watcher.removeManualPort(port) }),
    'ports.chooseBoard': async ({ port, board }) => {
      const listed = await serial.listed(port);
      await watcher.chooseBoard(port, board);
      return { port: view(watcher.port(port) ?? listed) };
    },
  };
  const topics: TopicsOf<'ports'> = {
    'ports.changes': (_params, listener) => {
      const q = queuedTopic<PortChange>(listener, PORT_CHANGES_QUEUE, () => ({
        kind: 'listing',
        time: Date.now(),
        error: serial.listError,
      }));
      const off = serial.on((e) =>
        q.push(
          e.type === 'listing'
            ? { kind: 'listing', time: Date.now(), error: e.error }
            : { kind: e.type, time: Date.now(), port: view(e.port) },
        ),
      );
      return { resume: q.resume, close: off };
    },
  };
  return { calls, topics };
}
