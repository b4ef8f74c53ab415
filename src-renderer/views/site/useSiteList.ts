/**
 * The Site view's listing: the sites, the chosen one and its devices, read once the link to main is
 * up (a call made while it connects fails) and again after it comes back, and after every re-check
 * run ends (re-checks report on commission.progress).
 */
import { useCallback, useEffect, useState } from 'react';
import type { SiteDevice, SiteSummary } from '@contract/commissionSchemas';
import { api } from '../../api/connection';
import { useCommission } from '../../state/commission';

export interface SiteList {
  sites: readonly SiteSummary[];
  site: string | null;
  setSite(site: string): void;
  devices: readonly SiteDevice[];
  load(): Promise<void>;
}

export function useSiteList(usable: boolean, onError: (e: unknown) => void): SiteList {
  const [sites, setSites] = useState<readonly SiteSummary[]>([]);
  const [site, setSite] = useState<string | null>(null);
  const [devices, setDevices] = useState<readonly SiteDevice[]>([]);

  const load = useCallback(async () => {
    const { sites } = await api().sites.list({});
    setSites(sites);
    const chosen = site && sites.some((s) => s.site === site) ? site : (sites[0]?.site ?? null);
    setSite(chosen);
    setDevices(chosen ? (await api().sites.devices({ site: chosen })).devices : []);
  }, [site]);

  useEffect(() => {
    // After this render: the listing's answer sets state, never the effect itself.
    if (usable) Promise.resolve().then(load).catch(onError);
  }, [usable, load, onError]);
  useEffect(() => {
    if (!usable) return;
    try {
      return api().on('commission.progress', {}, (e) => {
        useCommission.getState().applyRun(e.run);
        if (e.run.endedAt !== null) void load().catch(() => {});
      });
    } catch {
      return undefined;
    }
  }, [usable, load]);

  return { sites, site, setSite, devices, load };
}
