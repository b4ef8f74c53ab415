/**
 * The props of one text field of the bridge form: its draft text, its error (shown once Save was
 * tried or the form was edited) and the edit that changes it. Every bridge setting is mono text.
 */
import type { BridgeDraft } from '../../state/bridge';

interface BridgeFieldProps {
  value: string;
  error: string | null;
  onValue(v: string): void;
  mono: true;
}
export type BridgeField = (f: keyof BridgeDraft) => BridgeFieldProps;

export function bridgeField(
  d: BridgeDraft,
  errorOf: (f: keyof BridgeDraft) => string | null,
  edit: (patch: Partial<BridgeDraft>) => void,
): BridgeField {
  return (f) => ({
    value: d[f] as string,
    error: errorOf(f),
    onValue: (v: string) => edit({ [f]: v }),
    mono: true,
  });
}
