/** An endpoint's extra request headers, one `Name: value` a line, with the error of the bad line. */
import { Field } from '../../components/Field';
import { messages } from '../../messages';

export function EndpointHeadersField({
  value,
  error,
  onValue,
}: {
  value: string;
  error: string | null;
  onValue: (v: string) => void;
}) {
  const t = messages.settings.endpoints;
  return (
    <Field className="endpoint-headers" label={t.headers} error={error}>
      {(control) => (
        <textarea
          className="field mono"
          rows={2}
          placeholder={t.headersHint}
          spellCheck={false}
          value={value}
          onChange={(e) => onValue(e.target.value)}
          {...control}
        />
      )}
    </Field>
  );
}
