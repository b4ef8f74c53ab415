/**
 * The MQTT bridge slice (Settings → MQTT bridge): its settings as saved (the password never
 * comes here, only whether one is set), its live status from the `bridge.status` topic, and the
 * form being edited, kept as typed until saved or reverted (a failed save keeps it).
 */
import { create } from 'zustand';
import {
  BridgeSettingsPatch,
  type BridgeSettingsView,
  type BridgeStatus,
  type BridgeView,
} from '@contract/bridgeSchemas';
import { api } from '../api/connection';
import { whenOnline } from './admin';

/** The form's fields as typed. */
export interface BridgeDraft {
  url: string;
  clientId: string;
  username: string;
  /** A new password; '' leaves the saved one unless `clearPassword`. */
  password: string;
  clearPassword: boolean;
  caFile: string;
  certFile: string;
  keyFile: string;
  prefix: string;
  qos: '0' | '1' | '2';
  protocolVersion: '4' | '5';
  devices: string;
  resources: string;
  intervalMs: string;
  commands: boolean;
  queueMaxMessages: string;
}

export type BridgeField = keyof BridgeDraft;

export function draftOf(s: BridgeSettingsView): BridgeDraft {
  return {
    url: s.url,
    clientId: s.clientId,
    username: s.username,
    password: '',
    clearPassword: false,
    caFile: s.caFile,
    certFile: s.certFile,
    keyFile: s.keyFile,
    prefix: s.prefix,
    qos: String(s.qos) as BridgeDraft['qos'],
    protocolVersion: String(s.protocolVersion) as BridgeDraft['protocolVersion'],
    devices: s.devices.join(', '),
    resources: s.resources.join(', '),
    intervalMs: String(s.intervalMs),
    commands: s.commands,
    queueMaxMessages: String(s.queueMaxMessages),
  };
}

const list = (v: string): string[] =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The patch a draft makes, or the contract's complaints by field. */
export function patchOf(
  d: BridgeDraft,
):
  | { patch: BridgeSettingsPatch; errors: null }
  | { patch: null; errors: Partial<Record<BridgeField, string>> } {
  const raw = {
    url: d.url.trim(),
    clientId: d.clientId.trim(),
    username: d.username,
    ...(d.clearPassword ? { password: '' } : d.password ? { password: d.password } : {}),
    caFile: d.caFile.trim(),
    certFile: d.certFile.trim(),
    keyFile: d.keyFile.trim(),
    prefix: d.prefix.trim(),
    qos: Number(d.qos),
    protocolVersion: Number(d.protocolVersion),
    devices: list(d.devices),
    resources: list(d.resources),
    intervalMs: d.intervalMs.trim() === '' ? NaN : Number(d.intervalMs),
    commands: d.commands,
    queueMaxMessages: d.queueMaxMessages.trim() === '' ? NaN : Number(d.queueMaxMessages),
  };
  const parsed = BridgeSettingsPatch.safeParse(raw);
  if (parsed.success) return { patch: parsed.data, errors: null };
  const errors: Partial<Record<BridgeField, string>> = {};
  for (const i of parsed.error.issues) {
    const field = i.path[0] as BridgeField;
    errors[field] ??= i.code === 'invalid_type' ? 'A number is needed.' : i.message;
  }
  return { patch: null, errors };
}

export interface BridgeSlice {
  view: BridgeView | null;
  loadError: unknown;
  draft: BridgeDraft | null;
  pending: boolean;
  saveError: unknown;
  refresh(): Promise<void>;
  edit(patch: Partial<BridgeDraft>): void;
  revert(): void;
  /** Saves the draft (already validated) or a patch such as `{enabled}`; true on success. */
  save(patch: BridgeSettingsPatch, fromDraft: boolean): Promise<boolean>;
}

export const useBridge = create<BridgeSlice>((set, get) => ({
  view: null,
  loadError: null,
  draft: null,
  pending: false,
  saveError: null,
  async refresh() {
    try {
      set({ view: await api().bridge.get({}), loadError: null });
    } catch (loadError) {
      set({ loadError });
    }
  },
  edit(patch) {
    const view = get().view;
    const base = get().draft ?? (view ? draftOf(view.settings) : null);
    if (base) set({ draft: { ...base, ...patch }, saveError: null });
  },
  revert: () => set({ draft: null, saveError: null }),
  async save(patch, fromDraft) {
    set({ pending: true, saveError: null });
    try {
      const view = await api().bridge.configure(patch);
      set({ view, ...(fromDraft ? { draft: null } : {}) });
      return true;
    } catch (saveError) {
      set({ saveError });
      return false;
    } finally {
      set({ pending: false });
    }
  },
}));

/** Reads the bridge when the link is up, and follows its status while the section is shown. */
export function followBridge(): () => void {
  let stopStatus: (() => void) | null = null;
  const stopLink = whenOnline(() => {
    void useBridge.getState().refresh();
    stopStatus?.();
    stopStatus = api().on('bridge.status', {}, (status: BridgeStatus) =>
      useBridge.setState((s) => (s.view ? { view: { ...s.view, status } } : {})),
    );
  });
  return () => {
    stopLink();
    stopStatus?.();
  };
}
