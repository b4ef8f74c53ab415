/** Settings → About: version (the bridge's, or this build's in the console), runtime, licences. */
import { version as builtVersion } from '../../../package.json';
import { useConnection } from '../../api/connection';
import { messages } from '../../messages';

export function AboutSection() {
  const t = messages.settings.about;
  const bridged = useConnection((s) => s.version);
  const runtime = useConnection((s) => s.runtime);
  const host = useConnection((s) => s.host);
  return (
    <>
      <p>
        <strong>{t.version(bridged ?? builtVersion)}</strong> ·{' '}
        {runtime === 'desktop' ? t.runtimeDesktop : t.runtimeConsole(host)}
      </p>
      <p className="muted">{t.offline}</p>
      <p className="muted settings-small">{t.licences}</p>
    </>
  );
}
