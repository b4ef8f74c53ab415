/**
 * OTA updates: a firmware image, a version, the online devices of a user to send it to, then a
 * row per device with its step, the bytes sent and its result, live from `ota.progress`.
 */
import { useEffect, useMemo, useState } from 'react';
import type { OtaDeviceState, OtaJob } from '@contract/otaCalls';
import { api, useConnection } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { UserPicker, useUserChoice } from '../../components/UserPicker';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { splitKey, useDevices } from '../../state/devices';
import '../../styles/tables.css';
import './ota.css';

const t = messages.ota;
/** The contract's bound on an image (raw bytes). */
const MAX_IMAGE = 2.5 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function DeviceRow({ d }: { d: OtaDeviceState }) {
  const pct = d.total ? Math.round((d.sent / d.total) * 100) : 0;
  const r = d.result;
  return (
    <tr aria-label={d.device} data-result={r?.result}>
      <td className="mono">{d.device}</td>
      <td>{t.phases[d.phase]}</td>
      <td>
        <progress max={100} value={r?.result === 'success' ? 100 : pct} aria-label={d.device} />{' '}
        <span className="mono small">{r?.result === 'success' ? 100 : pct} %</span>
      </td>
      <td>
        {r ? (
          <>
            <strong className={`ota-result ota-${r.result}`}>{t.results[r.result]}</strong>
            <div className="small">{r.description}</div>
          </>
        ) : null}
      </td>
    </tr>
  );
}

export function OtaView() {
  const keys = useDevices((s) => s.keys);
  const all = useDevices((s) => s.devices);
  const choice = useUserChoice();
  const user = choice.user;
  const online = useMemo(
    () =>
      keys
        .filter((k) => splitKey(k)[0] === user && all[k]?.status.online)
        .map((k) => splitKey(k)[1]),
    [keys, all, user],
  );
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [version, setVersion] = useState('');
  const [job, setJob] = useState<OtaJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const linked = useConnection((c) => c.link === 'online');

  // Live progress of the job on screen; the final record once it has finished.
  const jobId = job?.id ?? null;
  const jobRunning = job !== null && job.finished === null;
  useEffect(() => {
    if (jobId === null || !jobRunning || !linked) return;
    const id = jobId;
    return api().on('ota.progress', { jobId: id }, (e) => {
      if (e.finished) {
        void api()
          .ota.jobs({ jobId: id })
          .then((r) => setJob(r.jobs[0] ?? null), setError);
        return;
      }
      const d = e.device;
      if (!d) return;
      setJob((j) =>
        j && j.id === id
          ? { ...j, devices: j.devices.map((x) => (x.device === d.device ? d : x)) }
          : j,
      );
    });
  }, [jobId, jobRunning, linked]);

  const chosen = online.filter((d) => picked.has(d));
  const tooLarge = (file?.bytes.length ?? 0) > MAX_IMAGE;
  const running = job !== null && job.finished === null;
  const start = async (): Promise<void> => {
    if (!file || !chosen.length || tooLarge) return;
    try {
      setError(null);
      setJob(
        await api().ota.start({
          user,
          devices: chosen,
          image: toBase64(file.bytes),
          ...(version.trim() ? { version: version.trim() } : {}),
        }),
      );
    } catch (e) {
      setError(e);
    }
  };
  const done = job?.devices.flatMap((d) => (d.result ? [d.result] : [])) ?? [];

  return (
    <>
      <ViewHeader title={t.title}>
        <UserPicker choice={choice} />
      </ViewHeader>
      <div className="view-body ota-page">
        <p className="muted">{t.hint}</p>
        {error !== null && <ErrorNotice error={error} />}
        <section className="ota-section">
          <div className="ota-fields">
            <label className="text-field">
              {t.image}
              <input
                type="file"
                accept=".bin,application/octet-stream"
                className="field"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (!f) return setFile(null);
                  void f
                    .arrayBuffer()
                    .then((b) => setFile({ name: f.name, bytes: new Uint8Array(b) }));
                }}
              />
              {file ? (
                <span className={tooLarge ? 'field-error' : 'muted small'}>
                  {tooLarge
                    ? t.tooLarge
                    : t.imageInfo(file.name, (file.bytes.length / 1024).toFixed(1))}
                </span>
              ) : null}
            </label>
            <label className="text-field">
              {t.version}
              <input
                className="field mono"
                value={version}
                maxLength={64}
                onChange={(e) => setVersion(e.target.value)}
              />
              <span className="muted small">{t.versionHint}</span>
            </label>
          </div>
          <fieldset className="ota-devices">
            <legend>{t.devices}</legend>
            {online.length === 0 ? <p className="muted">{t.noDevices}</p> : null}
            {online.map((d) => (
              <label key={d} className="ota-device">
                <input
                  type="checkbox"
                  checked={picked.has(d)}
                  onChange={(e) => {
                    const next = new Set(picked);
                    if (e.target.checked) next.add(d);
                    else next.delete(d);
                    setPicked(next);
                  }}
                />
                <span className="mono">{d}</span>
              </label>
            ))}
          </fieldset>
          <div className="row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!file || !chosen.length || tooLarge || running}
              onClick={() => void start()}
            >
              {t.start(chosen.length)}
            </button>
            {running && (
              <button
                type="button"
                className="btn"
                onClick={() => void api().ota.cancel({ jobId: job.id }).catch(setError)}
              >
                {t.cancel}
              </button>
            )}
          </div>
        </section>
        {job && (
          <section className="ota-section" aria-label={t.job}>
            <h2>
              {t.job}
              {job.finished !== null ? (
                <span className="muted small">
                  {' '}
                  ·{' '}
                  {t.summary(
                    done.filter((r) => r.result !== 'failure').length,
                    done.filter((r) => r.result === 'failure').length,
                  )}
                </span>
              ) : null}
            </h2>
            <div className="admin-table-wrap">
              <table className="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t.device}</th>
                    <th scope="col">{t.phase}</th>
                    <th scope="col">{t.progress}</th>
                    <th scope="col">{t.result}</th>
                  </tr>
                </thead>
                <tbody>
                  {job.devices.map((d) => (
                    <DeviceRow key={d.device} d={d} />
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        )}
      </div>
    </>
  );
}
