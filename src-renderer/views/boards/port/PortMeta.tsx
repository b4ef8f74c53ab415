/**
 * A port's facts: its path, its USB identity (or that it has none) and, once read, its ESP
 * chip.
 */
import { messages } from '../../../messages';
import type { PortRow } from '../../../state/ports';
import { EspChipFacts } from './EspChipFacts';

export function PortMeta({ port }: { port: PortRow }) {
  const t = messages.boards.meta;
  const noIdentity = !port.vidPid && !port.serialNumber && !port.manufacturer;
  return (
    <dl className="port-meta">
      <div>
        <dt>{t.path}</dt>
        <dd className="mono">{port.path}</dd>
      </div>
      {noIdentity ? (
        <div>
          <dd className="muted" title={t.noIdentityHint}>
            {t.noIdentity}
          </dd>
        </div>
      ) : (
        <>
          <div>
            <dt>{t.vidPid}</dt>
            <dd className="mono">{port.vidPid ?? t.none}</dd>
          </div>
          <div>
            <dt>{t.serial}</dt>
            <dd className="mono">{port.serialNumber ?? t.none}</dd>
          </div>
          <div>
            <dt>{t.manufacturer}</dt>
            <dd>{port.manufacturer ?? t.none}</dd>
          </div>
        </>
      )}
      {port.espChip && <EspChipFacts chip={port.espChip} />}
    </dl>
  );
}
