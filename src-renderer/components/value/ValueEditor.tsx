/**
 * An input form with its "Edit as JSON" switch (UI.md §3.2): the generated form, or the raw JSON
 * text with the `$`-conventions. The draft carries the JSON text while in JSON mode, so text that
 * does not parse yet survives navigation and restarts like any other draft. A null or missing
 * template opens the JSON editor with the sentence from UI.md.
 */
import { useEffect } from 'react';
import { messages } from '../../messages';
import { FormIssues, useIssueCollector } from './formIssues';
import { JsonField } from './JsonField';
import { parseValueText } from './parseValueText';
import { jsonText, shapeOf, type Draft, type Value } from '../../model/pson';
import { ValueInput } from './ValueInput';
import './value.css';

const t = messages.device.form;

/** A draft whose template gave nothing to build a form from is edited as JSON. */
const needsJson = (v: Value): boolean => {
  const s = shapeOf(v);
  return s === 'null' || s === 'empty';
};

export function ValueEditor({
  draft,
  template,
  onDraft,
  label,
  disabled,
  onCommit,
  onValidity,
}: {
  draft: Draft;
  template?: Value | undefined;
  onDraft: (d: Draft) => void;
  label: string;
  disabled?: boolean;
  onCommit?: () => void;
  /** Whether every field holds a value (Send waits for it). */
  onValidity?: (ok: boolean) => void;
}) {
  const { report, ok } = useIssueCollector();
  useEffect(() => {
    onValidity?.(ok);
  }, [ok, onValidity]);

  const jsonOnly = needsJson(draft.value) && draft.text === undefined;
  const asJson = draft.text !== undefined || jsonOnly;
  const text = draft.text ?? jsonText(draft.value);
  const parsed = asJson ? parseValueText(text) : null;
  const canForm = parsed?.ok === true && !needsJson(parsed.value);

  return (
    <FormIssues.Provider value={report}>
      <div className="pf-editor">
        {asJson ? (
          <JsonField
            text={text}
            label={t.jsonLabel(label)}
            issueKey="$json"
            hint={needsJson(template ?? draft.value) ? t.noTemplate : undefined}
            disabled={disabled}
            onText={(next, v) => onDraft({ value: v ?? draft.value, text: next })}
          />
        ) : (
          <ValueInput
            value={draft.value}
            template={template}
            onChange={(v) => onDraft({ value: v })}
            label={label}
            disabled={disabled}
            onCommit={onCommit}
          />
        )}
        <div className="pf-editor-tools">
          {asJson ? (
            canForm ? (
              <button
                type="button"
                className="btn btn-quiet"
                disabled={disabled}
                onClick={() => parsed?.ok && onDraft({ value: parsed.value })}
              >
                {t.editAsForm}
              </button>
            ) : null
          ) : (
            <button
              type="button"
              className="btn btn-quiet"
              disabled={disabled}
              onClick={() => onDraft({ value: draft.value, text: jsonText(draft.value) })}
            >
              {t.editAsJson}
            </button>
          )}
        </div>
      </div>
    </FormIssues.Provider>
  );
}
