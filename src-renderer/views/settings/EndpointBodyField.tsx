/** An endpoint's body template, started from one of a few templates a technician then edits. */
import { Field } from '../../components/Field';
import { messages } from '../../messages';

/** Body templates a technician starts from (then edits). */
const TEMPLATES: Record<string, string> = {
  json: '{{payload}}',
  slack: '{"text": "{{device}}: {{message}}"}',
  telegram: '{"chat_id": "<chat id>", "text": "{{device}}: {{message}}"}',
};

export function EndpointBodyField({
  value,
  onValue,
}: {
  value: string;
  onValue: (v: string) => void;
}) {
  const t = messages.settings.endpoints;
  return (
    <Field className="endpoint-body" label={t.body} hint={t.bodyHint}>
      {(control) => (
        <>
          <div className="row">
            <select
              className="field"
              aria-label={t.templates}
              value="none"
              onChange={(e) =>
                e.target.value !== 'none' && onValue(TEMPLATES[e.target.value] ?? '')
              }
            >
              {Object.entries(t.templateNames).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <textarea
            className="field mono"
            rows={2}
            value={value}
            spellCheck={false}
            onChange={(e) => onValue(e.target.value)}
            {...control}
          />
        </>
      )}
    </Field>
  );
}
