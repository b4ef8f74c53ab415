/** Calls the saved endpoint through main with test data and shows its answer. */
import { useState } from 'react';
import type { Value } from '@contract/schemas';
import { api } from '../../api/connection';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';

export function EndpointTestCall({ name, saved }: { name: string; saved: boolean }) {
  const t = messages.settings.endpoints;
  const [data, setData] = useState('{"device": "test", "message": "hello"}');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ status: number; ms: number; body: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (): Promise<void> => {
    let parsed: Value;
    try {
      parsed = JSON.parse(data) as Value;
    } catch {
      return setError(new Error(t.testBadData));
    }
    setBusy(true);
    setError(null);
    try {
      // Endpoints are the site's: any user name reaches the same list.
      setAnswer(await api().endpoints.call({ user: 'site', endpoint: name, data: parsed }));
    } catch (e) {
      setAnswer(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="endpoint-test">
      <TextField label={t.testData} value={data} onValue={setData} mono />
      <button
        type="button"
        className="btn"
        disabled={!saved || busy}
        title={saved ? undefined : t.testSaveFirst}
        onClick={() => void run()}
      >
        {busy ? t.testing : t.test}
      </button>
      {!saved && <span className="muted settings-small">{t.testSaveFirst}</span>}
      {answer && (
        <div role="status" data-testid={`endpoint-answer-${name}`}>
          <strong>{t.testAnswer(answer.status, answer.ms)}</strong>
          <pre className="mono endpoint-answer">{answer.body}</pre>
        </div>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </div>
  );
}
