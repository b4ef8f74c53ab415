/**
 * The alarm rules: source, condition, severity, an Enabled switch, Edit, and Delete that asks
 * once more on the same button before it removes the rule.
 */
import { useState } from 'react';
import type { AlarmRule } from '@contract/alarmCalls';
import { messages } from '../../messages';
import { conditionText, sourceText } from './alarmText';

const t = messages.alarms;

export function RuleTable({
  rules,
  onEnable,
  onEdit,
  onRemove,
}: {
  rules: readonly AlarmRule[];
  onEnable: (r: AlarmRule, enabled: boolean) => void;
  onEdit: (r: AlarmRule) => void;
  onRemove: (r: AlarmRule) => void;
}) {
  const [armed, setArmed] = useState<string | null>(null);
  return (
    <div className="admin-table-wrap">
      <table className="admin-table alarm-rules">
        <thead>
          <tr>
            <th scope="col">{t.form.name}</th>
            <th scope="col">{t.form.source}</th>
            <th scope="col">{t.condition}</th>
            <th scope="col">{t.severity}</th>
            <th scope="col">{t.state}</th>
            <th scope="col">
              <span className="visually-hidden">{t.rules}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.rule}>
              <td>
                <strong>{r.name}</strong>
                <div className="muted mono small">{r.rule}</div>
              </td>
              <td className="mono">{sourceText(r)}</td>
              <td className="mono">{conditionText(r)}</td>
              <td>
                <span className={`sev sev-${r.severity}`}>{t.severities[r.severity]}</span>
              </td>
              <td>
                <label className="check-inline">
                  <input
                    type="checkbox"
                    checked={r.enabled}
                    aria-label={`${t.enabled}: ${r.name}`}
                    onChange={(e) => onEnable(r, e.target.checked)}
                  />
                  {r.enabled ? t.enabled : t.disabled}
                </label>
              </td>
              <td className="alarm-actions">
                <button
                  type="button"
                  className="btn btn-quiet"
                  aria-label={t.editRule(r.rule)}
                  onClick={() => onEdit(r)}
                >
                  {t.edit}
                </button>
                <button
                  type="button"
                  className="btn btn-danger"
                  aria-label={armed === r.rule ? t.confirmRemove(r.rule) : t.removeRule(r.rule)}
                  onClick={() => {
                    if (armed !== r.rule) return setArmed(r.rule);
                    setArmed(null);
                    onRemove(r);
                  }}
                >
                  {armed === r.rule ? t.confirmRemove(r.rule) : t.remove}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
