/**
 * A form generated from a value's PSON shape (UI.md §3.2 "Values"): numbers with a stepper,
 * booleans as switches, text, hex bytes, one field per map key (keys fixed), array rows with
 * add/remove (a new row copies the last row's shape), nested containers inline to depth 3 and
 * collapsed deeper; a null or missing template is typed as JSON. Scalars are in `ScalarInput`,
 * maps and arrays in `ContainerInput`.
 */
import { isContainer, shapeOf } from '../../model/pson';
import { ContainerInput } from './ContainerInput';
import type { ValueInputProps } from './inputProps';
import { ScalarInput } from './ScalarInput';
import './value.css';

export function ValueInput(props: ValueInputProps) {
  const shape = shapeOf(props.value);
  if (isContainer(shape)) return <ContainerInput {...props} Input={ValueInput} />;
  return <ScalarInput {...props} shape={shape} />;
}
