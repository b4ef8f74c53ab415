/** The image file (with its size, or that it is too large) and the version to announce. */
import { messages } from '../../messages';

const t = messages.ota;

export interface OtaImage {
  name: string;
  bytes: Uint8Array;
}

export function OtaImageFields({
  file,
  tooLarge,
  version,
  onFile,
  onVersion,
}: {
  file: OtaImage | null;
  tooLarge: boolean;
  version: string;
  onFile: (file: OtaImage | null) => void;
  onVersion: (version: string) => void;
}) {
  return (
    <div className="ota-fields">
      <label className="text-field">
        {t.image}
        <input
          type="file"
          accept=".bin,application/octet-stream"
          className="field"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (!f) return onFile(null);
            void f.arrayBuffer().then((b) => onFile({ name: f.name, bytes: new Uint8Array(b) }));
          }}
        />
        {file ? (
          <span className={tooLarge ? 'field-error' : 'muted small'}>
            {tooLarge ? t.tooLarge : t.imageInfo(file.name, (file.bytes.length / 1024).toFixed(1))}
          </span>
        ) : null}
      </label>
      <label className="text-field">
        {t.version}
        <input
          className="field mono"
          value={version}
          maxLength={64}
          onChange={(e) => onVersion(e.target.value)}
        />
        <span className="muted small">{t.versionHint}</span>
      </label>
    </div>
  );
}
