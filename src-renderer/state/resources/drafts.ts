/**
 * Drafts of input forms and the last values sent (UI.md §3.2 "Saved inputs"), persisted: a sent
 * value becomes the draft ("prefilled with the last value sent") and heads the history.
 */
import type { Value } from '@contract/schemas';
import { valuesEqual, type Draft } from '../../model/pson';
import { HISTORY_LENGTH, type SavedDraft } from './model';
import { setResources } from './store';

/** The user typed: the draft is theirs from now on; `reported` is the device's state then. */
export function editDraft(key: string, draft: Draft, reported: Value | undefined): void {
  setResources((s) => {
    const prev = s.drafts[key];
    const basis = prev?.source === 'edited' ? prev.basis : reported;
    const next: SavedDraft = { ...draft, source: 'edited' };
    if (basis !== undefined) next.basis = basis;
    return { drafts: { ...s.drafts, [key]: next } };
  });
}

/** "Use it": the form takes the device's value and follows it again. */
export function discardDraft(key: string): void {
  setResources((s) => {
    if (!s.drafts[key]) return {};
    const drafts = { ...s.drafts };
    delete drafts[key];
    return { drafts };
  });
}

/** A value was sent: it heads the history and becomes the draft. */
export function rememberSent(key: string, input: Value): void {
  setResources((s) => {
    const prev = (s.history[key] ?? []).filter((v) => !valuesEqual(v, input));
    return {
      history: { ...s.history, [key]: [input, ...prev].slice(0, HISTORY_LENGTH) },
      drafts: { ...s.drafts, [key]: { value: input, source: 'sent' } },
    };
  });
}
