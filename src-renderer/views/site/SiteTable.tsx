/**
 * The chosen site's devices: the site chooser, a filter over device id and product, the site's
 * summary, and one row per device (SiteRow), with re-checks running marked on their rows.
 */
import { deviceKey } from '@contract/deviceKey';
import { useMemo, useState } from 'react';
import type { SiteDevice, SiteSummary } from '@contract/commissionSchemas';
import { messages } from '../../messages';
import { useCommission } from '../../state/commission';
import { SiteRow } from './SiteRow';
import { SiteTableFrame } from './siteTableParts';

const t = messages.site;

export interface SiteTableProps {
  sites: readonly SiteSummary[];
  site: string | null;
  onSite(site: string): void;
  devices: readonly SiteDevice[];
  onRecheck(device: SiteDevice): void;
  onError(e: unknown): void;
}

export function SiteTable({ sites, site, onSite, devices, onRecheck, onError }: SiteTableProps) {
  const [filter, setFilter] = useState('');
  const runs = useCommission((s) => s.runs);
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return q
      ? devices.filter((d) => `${d.device} ${d.record.plan.name}`.toLowerCase().includes(q))
      : devices;
  }, [devices, filter]);
  const summary = sites.find((s) => s.site === site);
  const checking = new Set(
    runs
      .filter((r) => r.checksOnly && r.endedAt === null && r.site === site)
      .flatMap((r) => r.boards.map((b) => b.device)),
  );

  return (
    <section className="site-view" aria-label={site ?? t.title}>
      <div className="toolbar">
        <label className="form-row inline">
          <span>{t.choose}</span>
          <select className="field" value={site ?? ''} onChange={(e) => onSite(e.target.value)}>
            {sites.map((s) => (
              <option key={s.site} value={s.site}>
                {s.site}
              </option>
            ))}
          </select>
        </label>
        <input
          className="field"
          aria-label={t.filter}
          placeholder={t.filter}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {summary && <span className="muted">{t.summary(summary.devices, summary.passed)}</span>}
      </div>
      <SiteTableFrame columns={Object.values(t.columns)}>
        {shown.map((d) => (
          <SiteRow
            key={deviceKey(d)}
            device={d}
            checking={checking.has(d.device)}
            onRecheck={onRecheck}
            onError={onError}
          />
        ))}
      </SiteTableFrame>
    </section>
  );
}
