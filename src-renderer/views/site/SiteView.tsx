/**
 * Site (UI.md §3.12): every commissioned device of a site with its product, firmware, last result
 * and date, and whether it is online now; per device its certificate and Re-run checks; the whole
 * site exported to one file or imported from one, or handed over to a production server.
 */
import { deviceKey } from '@contract/deviceKey';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SiteDevice, SiteSummary } from '@contract/commissionSchemas';
import type { HandoverJob, HandoverServer } from '@contract/handoverCalls';
import { useIntent } from '../../actions/intents';
import { api, useConnection } from '../../api/connection';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { saveGenerated } from '../../model/commissionPlan';
import { useCommission } from '../../state/commission';
import '../../styles/commission.css';
import { HandoverDialog } from './HandoverDialog';
import { HandoverPanel } from './HandoverPanel';
import { SiteNow } from './SiteNow';

const t = messages.site;

const when = (ms: number | null) =>
  ms === null ? '–' : new Date(ms).toLocaleString(undefined, { hour12: false });

export function SiteView() {
  // Read once the link is up (a call made while it connects fails), and again after it comes back.
  const usable = useConnection((s) => s.link === 'online');
  const [sites, setSites] = useState<readonly SiteSummary[]>([]);
  const [site, setSite] = useState<string | null>(null);
  const [devices, setDevices] = useState<readonly SiteDevice[]>([]);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const runs = useCommission((s) => s.runs);
  const [server, setServer] = useState<HandoverServer | null>(null);
  const [jobs, setJobs] = useState<readonly HandoverJob[]>([]);
  const [handingOver, setHandingOver] = useState(false);
  const showJob = (job: HandoverJob): void =>
    setJobs((js) => [job, ...js.filter((j) => j.id !== job.id)]);

  const load = useCallback(async () => {
    const { sites } = await api().sites.list({});
    setSites(sites);
    const chosen = site && sites.some((s) => s.site === site) ? site : (sites[0]?.site ?? null);
    setSite(chosen);
    setDevices(chosen ? (await api().sites.devices({ site: chosen })).devices : []);
  }, [site]);

  useEffect(() => {
    // After this render: the listing's answer sets state, never the effect itself.
    if (usable) Promise.resolve().then(load).catch(setError);
  }, [usable, load]);
  // Re-checks report on commission.progress: reload when one ends.
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

  // Hand-overs: the stored server, this session's jobs, and each job as it grows.
  useEffect(() => {
    if (!usable) return;
    let off: (() => void) | undefined;
    try {
      off = api().on('handover.progress', {}, (e) => showJob(e.job));
    } catch {
      off = undefined;
    }
    void api()
      .handover.get({})
      .then((r) => {
        setServer(r.server);
        setJobs(r.jobs);
      })
      .catch(() => {});
    return off;
  }, [usable]);

  const exportSite = async () => {
    if (!site) return;
    try {
      saveGenerated(await api().sites.export({ site }));
    } catch (e) {
      setError(e);
    }
  };
  const importSite = () => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.onchange = () => {
      const f = input.files?.[0];
      if (!f) return;
      void f
        .text()
        .then((data) => api().sites.import({ data }))
        .then((r) => {
          setNote(t.imported(r.site, r.devices, r.records));
          setSite(r.site);
          return load();
        })
        .catch(setError);
    };
    input.click();
  };
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
          disabled={!site || jobs[0]?.finishedAt === null}
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
          onStarted={(job) => {
            showJob(job);
            setServer({ target: job.target, tokenSet: true });
          }}
          onClose={() => setHandingOver(false)}
        />
      )}
      {jobs[0] && (
        <HandoverPanel
          job={jobs[0]}
          onCancel={() => {
            const id = jobs[0]?.id;
            if (id) void api().handover.cancel({ jobId: id }).catch(setError);
          }}
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
        <section className="site-view" aria-label={site ?? t.title}>
          <div className="toolbar">
            <label className="form-row inline">
              <span>{t.choose}</span>
              <select
                className="field"
                value={site ?? ''}
                onChange={(e) => setSite(e.target.value)}
              >
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
          <table className="site-table">
            <thead>
              <tr>
                {Object.values(t.columns).map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => {
                const r = d.record;
                const app = r.firmware.images.at(-1);
                return (
                  <tr key={deviceKey(d)}>
                    <td>
                      <strong>{d.device}</strong>
                      <div className="muted small mono">{d.user}</div>
                    </td>
                    <td>{r.plan.name}</td>
                    <td className="small">
                      {app ? (
                        <>
                          {app.name} <span className="mono muted">{app.sha256.slice(0, 8)}…</span>
                        </>
                      ) : (
                        '–'
                      )}
                    </td>
                    <td>
                      <span className={`result-word ${r.status === 'pass' ? 'pass' : 'fail'}`}>
                        {r.status === 'pass' ? '●' : '✕'} {r.status.toUpperCase()}
                      </span>
                      {r.error && <div className="small muted">{r.error}</div>}
                    </td>
                    <td className="small">{when(r.endedAt)}</td>
                    <td>
                      <SiteNow device={d} />
                    </td>
                    <td>
                      <div className="toolbar">
                        <button
                          type="button"
                          className="btn"
                          onClick={() =>
                            void api()
                              .sites.certificate({ recordId: r.id, format: 'pdf' })
                              .then(saveGenerated, setError)
                          }
                        >
                          PDF
                        </button>
                        <button
                          type="button"
                          className="btn btn-quiet"
                          onClick={() =>
                            void api()
                              .sites.certificate({ recordId: r.id, format: 'json' })
                              .then(saveGenerated, setError)
                          }
                        >
                          JSON
                        </button>
                        <button
                          type="button"
                          className="btn"
                          aria-label={t.recheckOne(d.device)}
                          disabled={checking.has(d.device)}
                          onClick={() => void recheck(d)}
                        >
                          {checking.has(d.device) ? '◐' : t.recheck}
                        </button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
