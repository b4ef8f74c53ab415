/** A board's job log behind a disclosure, loaded when opened, with Copy. */
import { CopyButton } from '../../../../components/CopyButton';
import { messages } from '../../../../messages';
import { logKey, useFlashing } from '../../../../state/flashing';

export function LogDisclosure({ jobId, port }: { jobId: string; port: string }) {
  const lines = useFlashing((s) => s.logs[logKey(jobId, port)]);
  const t = messages.flash.run;
  return (
    <details
      className="flash-log"
      onToggle={(e) => {
        if (e.currentTarget.open)
          void useFlashing
            .getState()
            .loadLog(jobId)
            .catch(() => undefined);
      }}
    >
      <summary>{t.log}</summary>
      {lines?.length ? (
        <>
          <pre className="mono">{lines.join('\n')}</pre>
          <CopyButton text={() => lines.join('\n')} label={t.copyLog} />
        </>
      ) : (
        <p className="muted">{t.logEmpty}</p>
      )}
    </details>
  );
}
