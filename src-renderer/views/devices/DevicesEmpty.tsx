/**
 * Before any device connected (UI.md §3.1): where devices should connect (the broker's listening
 * ports), Add a device, and a copyable line that starts three simulated devices.
 */
import type { BrokerStatus } from '@contract/schemas';
import { useConnection } from '../../api/connection';
import { href } from '../../navigation/router';
import { CopyButton } from '../../components/CopyButton';
import { EmptyState } from '../../components/EmptyState';
import { messages } from '../../messages';
import { LISTENER_ORDER, listenerHosts } from '../../state/brokerAddresses';
import { useBroker } from '../../state/brokerStatus';

type Listener = BrokerStatus['listeners'][number];

/** `iotmp simulate` connects here unless told otherwise (its --help). */
const SIMULATE_DEFAULT_PORT = 25204;

/** `npx iotmp simulate --devices 3 --host <address>`, with the port when it is not the default. */
function simulateCommand(
  listeners: readonly Listener[],
  status: BrokerStatus | null,
  consoleHost: string,
): string | null {
  const tcp = listeners.find((l) => l.transport === 'tcp');
  if (!tcp) return null;
  const host = listenerHosts(tcp, status, consoleHost)[0] ?? '127.0.0.1';
  const port = tcp.port === SIMULATE_DEFAULT_PORT ? '' : ` --port ${tcp.port}`;
  // `npx` finds the project's own `iotmp` bin, so the line runs as shown in the Studio folder.
  return `npx iotmp simulate --devices 3 --host ${host}${port}`;
}

export function DevicesEmpty() {
  const status = useBroker((s) => s.status);
  const host = useConnection((s) => s.host);
  const t = messages.devices.empty;
  const listeners = [...(status?.listeners ?? [])].sort(
    (a, b) => LISTENER_ORDER.indexOf(a.name) - LISTENER_ORDER.indexOf(b.name),
  );
  const command = simulateCommand(listeners, status, host);
  return (
    <EmptyState title={t.title} glyph="◫">
      {status && listeners.length === 0 && <p>{t.noListener}</p>}
      {listeners.length > 0 && (
        <>
          <p>{t.intro}</p>
          <dl className="devices-empty-listeners">
            {listeners.map((l) => (
              <div key={l.name}>
                <dt>{t.listeners[l.name] ?? l.transport.toUpperCase()}</dt>
                <dd className="mono">
                  {listenerHosts(l, status, host)
                    .map((h) => `${h}:${l.port}`)
                    .join(' · ') || (
                    <span className="muted">
                      {t.anyAddress}:{l.port}
                    </span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <p>
        <a className="btn btn-primary devices-empty-add" href={href('admin')}>
          {t.add}
        </a>{' '}
        {t.addHint}
      </p>
      {command && (
        <>
          <p>{t.simulate}</p>
          <div className="devices-empty-command">
            <code className="mono" aria-label={t.simulate}>
              {command}
            </code>
            <CopyButton text={command} label={t.copyCommand} />
          </div>
          {status && !status.acceptNewDevices && (
            <p className="devices-empty-note">{t.simulateAccept}</p>
          )}
        </>
      )}
    </EmptyState>
  );
}
