/**
 * One endpoint being edited: name, URL, method, headers and body, its test call (once saved) and
 * Remove. Errors come from the editor, which decides when each one may show.
 */
import { SelectField } from '../../components/Field';
import { TextField } from '../../components/TextField';
import { messages } from '../../messages';
import type { EndpointDraft } from '../../state/settings';
import { EndpointBodyField } from './EndpointBodyField';
import { EndpointHeadersField } from './EndpointHeadersField';
import { EndpointTestCall } from './EndpointTestCall';
import { METHODS } from './endpoints';

export interface EndpointRowProps {
  row: EndpointDraft;
  /** The error to show now beside a field, or null. */
  errorOf(field: 'name' | 'url' | 'headers'): string | null;
  /** The user left a field: its error may show from now on even when it is empty. */
  onLeave(field: 'name' | 'url'): void;
  onChange(patch: Partial<EndpointDraft>): void;
  onRemove(): void;
  /** Saved as it stands (no unsaved edits), so the test call reaches this very endpoint. */
  saved: boolean;
}

export function EndpointRow({
  row: r,
  errorOf,
  onLeave,
  onChange,
  onRemove,
  saved,
}: EndpointRowProps) {
  const t = messages.settings.endpoints;
  return (
    <li className="endpoint-row">
      <TextField
        className="endpoint-name"
        label={t.name}
        value={r.name}
        error={errorOf('name')}
        onValue={(name) => onChange({ name })}
        onBlur={() => onLeave('name')}
        mono
      />
      <TextField
        className="endpoint-url"
        label={t.url}
        value={r.url}
        type="url"
        placeholder="https://"
        error={errorOf('url')}
        onValue={(url) => onChange({ url })}
        onBlur={() => onLeave('url')}
        mono
      />
      <SelectField
        className="endpoint-method"
        label={t.method}
        value={r.method}
        options={METHODS.map((m) => [m, m] as const)}
        onValue={(method) => onChange({ method })}
      />
      <EndpointHeadersField
        value={r.headers}
        error={errorOf('headers')}
        onValue={(headers) => onChange({ headers })}
      />
      <EndpointBodyField value={r.body ?? ''} onValue={(body) => onChange({ body })} />
      <EndpointTestCall name={r.name} saved={saved} />
      <button
        type="button"
        className="btn btn-quiet endpoint-remove"
        aria-label={t.remove(r.name)}
        onClick={onRemove}
      >
        {t.removeLabel}
      </button>
    </li>
  );
}
