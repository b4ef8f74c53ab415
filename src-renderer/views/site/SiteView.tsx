/**
 * Site (UI.md §3.12): every commissioned device of a site with its product, firmware, last result
 * and date, and whether it is online now; per device its certificate and Re-run checks; the whole
 * site exported to one file or imported from one, or handed over to a production server.
 * The parts: useSiteList (the listing), useSiteActions (export, import, re-check), useHandovers
 * (the production server and hand-over jobs), SiteTable (chooser, filter and rows).
 */
import { useState } from 'react';
import { api, useConnection } from '../../api/connection';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import '../../styles/commission.css';
import { HandoverDialog } from './HandoverDialog';
import { HandoverPanel } from './HandoverPanel';
import { SiteTable } from './SiteTable';
import { useHandovers } from './useHandovers';
import { useSiteActions } from './useSiteActions';
import { useSiteList } from './useSiteList';

const t = messages.site;

export function SiteView() {
  const usable = useConnection((s) => s.link === 'online');
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [handingOver, setHandingOver] = useState(false);
  const list = useSiteList(usable, setError);
  const { sites, site, devices } = list;
  const { exportSite, importSite, recheck } = useSiteActions(list, setNote, setError);
  const { server, jobs, started } = useHandovers(usable);
  const summary = sites.find((s) => s.site === site);
  const job = jobs[0];

  return (
    <>
      <ViewHeader title={messages.shell.nav.site}>
        <button type="button" className="btn" disabled={!site} onClick={() => void recheck()}>
          {t.recheckAll}
        </button>
        <button type="button" className="btn" disabled={!site} onClick={() => void exportSite()}>
          {t.exportSite}
        </button>
        <button type="button" className="btn" onClick={importSite}>
          {t.importSite}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!site || job?.finishedAt === null}
          onClick={() => setHandingOver(true)}
        >
          {messages.handover.open}
        </button>
      </ViewHeader>
      {handingOver && (
        <HandoverDialog
          server={server}
          site={site}
          devices={summary?.devices ?? devices.length}
          onStarted={started}
          onClose={() => setHandingOver(false)}
        />
      )}
      {job && (
        <HandoverPanel
          job={job}
          onCancel={() => void api().handover.cancel({ jobId: job.id }).catch(setError)}
        />
      )}
      {note && (
        <p className="muted commission-note" role="status">
          {note}
        </p>
      )}
      {error !== null && <ErrorNotice error={error} />}
      {sites.length === 0 ? (
        <EmptyState glyph="◎" title={t.none}>
          <p className="muted">{t.noneHint}</p>
        </EmptyState>
      ) : (
        <SiteTable
          sites={sites}
          site={site}
          onSite={list.setSite}
          devices={devices}
          onRecheck={(d) => void recheck(d)}
          onError={setError}
        />
      )}
    </>
  );
}
