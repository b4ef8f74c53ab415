/** What every generated field of a value form takes (ValueInput and its parts). */
import type { ComponentType } from 'react';
import { pathText, type Value } from '../../model/pson';

/** Where a field sits in the value: map keys and array indexes from the top. */
export type Path = readonly (string | number)[];

export interface ValueInputProps {
  value: Value;
  /** The describe sample at this place, when known: decides steps and multi-line text. */
  template?: Value | undefined;
  onChange: (v: Value) => void;
  /** Accessible name: the resource name at the top, the key or `list[2]` inside. */
  label: string;
  path?: Path;
  disabled?: boolean;
  /** Enter in a one-line field: send. */
  onCommit?: () => void;
}

/** The key a field reports its typing issue under (`$` for the top). */
export const issueKeyOf = (path: Path): string => pathText(path) || '$';

/** The field that draws a child of a map or array: `ValueInput` (passed down, not imported back). */
export type ChildInput = ComponentType<ValueInputProps>;
