/**
 * OTA updates: a firmware image, a version, the online devices of a user to send it to, then a
 * row per device with its step, the bytes sent and its result, live from `ota.progress`.
 */
import { useMemo, useState } from 'react';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { UserPicker, useUserChoice } from '../../components/UserPicker';
import { ViewHeader } from '../../components/ViewHeader';
import { messages } from '../../messages';
import { splitKey, useDevices } from '../../state/devices';
import { OtaDevicePicks } from './OtaDevicePicks';
import { OtaImageFields, type OtaImage } from './OtaImageFields';
import { MAX_IMAGE, toBase64 } from './otaImage';
import { OtaJobTable } from './OtaJobTable';
import { useOtaJob } from './useOtaJob';
import '../../styles/tables.css';
import './ota.css';

const t = messages.ota;

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
  const [file, setFile] = useState<OtaImage | null>(null);
  const [version, setVersion] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { job, setJob } = useOtaJob(setError);

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

  return (
    <>
      <ViewHeader title={t.title}>
        <UserPicker choice={choice} />
      </ViewHeader>
      <div className="view-body ota-page">
        <p className="muted">{t.hint}</p>
        {error !== null && <ErrorNotice error={error} />}
        <section className="ota-section">
          <OtaImageFields
            file={file}
            tooLarge={tooLarge}
            version={version}
            onFile={setFile}
            onVersion={setVersion}
          />
          <OtaDevicePicks online={online} picked={picked} onPicked={setPicked} />
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
        {job && <OtaJobTable job={job} />}
      </div>
    </>
  );
}
