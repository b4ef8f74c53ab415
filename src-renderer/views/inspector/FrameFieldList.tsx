/**
 * The selected frame's decoded fields: the header (type and body size), then each field with its
 * number, name and value as JSON. Hovering or focusing one lights its bytes in the hex dump.
 */
import { messages } from '../../messages';
import type { FrameRow } from '../../model/inspector/frameRow';
import { JsonTree } from './JsonTree';
import type { ActivePart, FieldEntry } from './useFrameFields';

const t = messages.inspector.detail;

export interface FrameFieldListProps {
  frame: FrameRow['frame'];
  fields: readonly FieldEntry[];
  /** The frame has a readable header. */
  hasHeader: boolean;
  bodySize: number | null;
  active: ActivePart;
  onActive(part: ActivePart): void;
}

export function FrameFieldList(props: FrameFieldListProps) {
  const { frame: f, fields, active, onActive } = props;
  const lit = (part: ActivePart) => ({
    tabIndex: 0,
    onMouseEnter: () => onActive(part),
    onFocus: () => onActive(part),
    onMouseLeave: () => onActive(null),
    onBlur: () => onActive(null),
  });
  return (
    <div className="detail-fields">
      <h2 className="detail-title">{t.fields}</h2>
      {props.hasHeader && (
        <div
          className={`field-row field-header${active?.kind === 'header' ? ' is-active' : ''}`}
          {...lit({ kind: 'header' })}
        >
          <span className="field-num" aria-hidden="true">
            ·
          </span>
          <span className="field-name">{t.header}</span>
          <span className="muted">
            {t.headerType} {f.typeId ?? '?'} · {t.headerSize} {props.bodySize ?? '?'}
          </span>
        </div>
      )}
      {f.fields === null ? (
        <p className="muted">{t.notDecoded}</p>
      ) : fields.length === 0 ? (
        <p className="muted">{t.noFields}</p>
      ) : (
        <ul className="field-list">
          {fields.map((x) => (
            <li
              key={x.name}
              className={`field-row${active?.kind === 'field' && active.name === x.name ? ' is-active' : ''}`}
              {...lit({ kind: 'field', name: x.name })}
            >
              <span className="field-num">{x.number ?? ''}</span>
              <span className="field-name">{x.name}</span>
              <span className="field-value">
                <JsonTree value={x.value} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
