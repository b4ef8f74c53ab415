/**
 * What the Site view does to a site: export it to one file, import one (then show it), and re-check
 * all its devices or one. Export and import are also the palette's site.export / site.import.
 */
import type { SiteDevice } from '@contract/commissionSchemas';
import { useIntent } from '../../actions/intents';
import { api } from '../../api/connection';
import { JSON_FILES, pickTextFile } from '../../format/pickFile';
import { messages } from '../../messages';
import { saveGenerated } from '../../model/commissionPlan';
import { useCommission } from '../../state/commission';
import type { SiteList } from './useSiteList';

const t = messages.site;

export interface SiteActions {
  exportSite(): Promise<void>;
  importSite(): void;
  recheck(device?: SiteDevice): Promise<void>;
}

export function useSiteActions(
  list: SiteList,
  setNote: (note: string) => void,
  setError: (e: unknown) => void,
): SiteActions {
  const { site, setSite, load } = list;
  const exportSite = async () => {
    if (!site) return;
    try {
      saveGenerated(await api().sites.export({ site }));
    } catch (e) {
      setError(e);
    }
  };
  const importSite = () =>
    pickTextFile(
      JSON_FILES,
      async (data) => {
        const r = await api().sites.import({ data });
        setNote(t.imported(r.site, r.devices, r.records));
        setSite(r.site);
        await load();
      },
      setError,
    );
  const recheck = async (device?: SiteDevice) => {
    if (!site) return;
    setError(null);
    try {
      const { run } = await api().sites.recheck({
        site,
        ...(device ? { user: device.user, device: device.device } : {}),
      });
      useCommission.getState().applyRun(run);
      setNote(t.rechecking);
    } catch (e) {
      setError(e);
    }
  };
  useIntent('site.export', () => void exportSite());
  useIntent('site.import', importSite);
  return { exportSite, importSite, recheck };
}
