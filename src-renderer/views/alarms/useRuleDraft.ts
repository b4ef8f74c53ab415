/**
 * The rule form's working state: the draft as typed, its errors (shown only once Save was tried, so
 * an empty new form is not red), and Save that waits for `onSave` and refuses an invalid draft.
 */
import { useState } from 'react';
import { draftErrors } from './draftErrors';
import { withKind, type RuleDraft, type SourceKind } from './model';

export interface RuleDraftState {
  d: RuleDraft;
  set(patch: Partial<RuleDraft>): void;
  setKind(kind: SourceKind): void;
  /** The error beside field `k`, once Save was tried. */
  err(k: keyof RuleDraft): string | null;
  touched: boolean;
  valid: boolean;
  busy: boolean;
  submit(): Promise<void>;
}

export function useRuleDraft(
  initial: RuleDraft,
  taken: readonly string[],
  onSave: (d: RuleDraft) => Promise<void>,
): RuleDraftState {
  const [d, setD] = useState(initial);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const errors = draftErrors(d, taken);
  const valid = Object.keys(errors).length === 0;

  const submit = async (): Promise<void> => {
    setTouched(true);
    if (!valid) return;
    setBusy(true);
    try {
      await onSave(d);
    } finally {
      setBusy(false);
    }
  };
  return {
    d,
    set: (patch) => setD((x) => ({ ...x, ...patch })),
    setKind: (k) => setD((x) => withKind(x, k)),
    err: (k) => (touched ? (errors[k] ?? null) : null),
    touched,
    valid,
    busy,
    submit,
  };
}
