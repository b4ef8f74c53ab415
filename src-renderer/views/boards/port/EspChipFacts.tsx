/** What reading an ESP chip told: chip, MAC address, flash size, crystal. */
import type { EspChipInfo } from '@contract/serialSchemas';
import { messages } from '../../../messages';

export function EspChipFacts({ chip }: { chip: EspChipInfo }) {
  const t = messages.boards.esp;
  return (
    <>
      <div>
        <dt>{t.chip}</dt>
        <dd>{chip.name}</dd>
      </div>
      <div>
        <dt>{t.mac}</dt>
        <dd className="mono">{chip.mac}</dd>
      </div>
      <div>
        <dt>{t.flash}</dt>
        <dd>{t.flashSize(chip.flashSize)}</dd>
      </div>
      <div>
        <dt>{t.crystal}</dt>
        <dd>{t.mhz(chip.crystalMhz)}</dd>
      </div>
    </>
  );
}
