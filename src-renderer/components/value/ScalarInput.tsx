/**
 * The field of one scalar in a generated form (UI.md §3.2 "Values"): a switch for a boolean, a
 * stepper for a number, text, hex bytes; anything else (null, a missing template) is typed as JSON.
 */
import { messages } from '../../messages';
import { bytesHex, type Shape } from '../../model/pson';
import { issueKeyOf, type ValueInputProps } from './inputProps';
import { InlineJsonField } from './JsonField';
import { NumberField } from './NumberField';
import { stepFor } from './numberText';
import { SwitchField } from './SwitchField';
import { BytesField, StringField, wantsMultiline } from './TextField';

const t = messages.device.form;

export function ScalarInput(props: ValueInputProps & { shape: Shape }) {
  const { value, template, onChange, label, path = [], disabled, onCommit, shape } = props;
  switch (shape) {
    case 'boolean':
      return (
        <SwitchField
          checked={value as boolean}
          label={label}
          disabled={disabled}
          onToggle={() => onChange(!value)}
        >
          <span className="muted">{value ? t.on : t.off}</span>
        </SwitchField>
      );
    case 'integer':
    case 'float':
    case 'bigint':
    case 'nonfinite':
      return (
        <NumberField
          value={value}
          onChange={onChange}
          label={label}
          step={stepFor(template ?? value)}
          issueKey={issueKeyOf(path)}
          disabled={disabled}
          onCommit={onCommit}
        />
      );
    case 'string':
      return (
        <StringField
          value={value as string}
          onChange={onChange}
          label={label}
          multiline={wantsMultiline(typeof template === 'string' ? template : (value as string))}
          disabled={disabled}
          onCommit={onCommit}
        />
      );
    case 'bytes':
      return (
        <BytesField
          hex={bytesHex(value)}
          onChange={(hex) => onChange({ $bytes: hex })}
          label={label}
          issueKey={issueKeyOf(path)}
          disabled={disabled}
        />
      );
    default:
      return (
        <InlineJsonField
          value={value}
          onChange={onChange}
          label={label}
          issueKey={issueKeyOf(path)}
          hint={path.length === 0 ? t.noTemplate : undefined}
          disabled={disabled}
        />
      );
  }
}
