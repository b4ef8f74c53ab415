/**
 * The ports slice (UI.md §3.7): the serial ports of the machine running main, live from
 * `ports.changes`, with the board profiles for the chooser. An unplugged port stays listed,
 * greyed, for UNPLUGGED_KEEP_MS (longer while a running flash job refers to it); a plugged one
 * carries its arrival time for the highlight. Followed while anything that shows ports is mounted
 * (the status bar always is), through one shared subscription.
 */
import { create } from 'zustand';
import type { BoardId, BoardProfile, Port, PortChange } from '@contract/serialSchemas';
import { api, useConnection } from '../api/connection';
import { portsInRunningJobs, useFlashing } from './flashing';
import { sharedFollower } from './sharedFollower';
import { naturalCompare } from '../format/naturalSort';

/** An unplugged port stays visible this long ("Unplugged 14:02:05"), UI.md §3.7. */
export const UNPLUGGED_KEEP_MS = 30_000;
/** A freshly plugged port is highlighted this long (UI.md §3.7: "highlighted"). */
const PLUGGED_HIGHLIGHT_MS = 1_000;

export interface PortRow extends Port {
  /** Client time the port was plugged in while watched (null: it was there from the start). */
  pluggedAt: number | null;
  /** Client time it was unplugged; null while present. */
  unpluggedAt: number | null;
}

export interface PortsSlice {
  ports: readonly PortRow[];
  /** "Cannot list serial ports: …" from main; ports added by path still work. */
  listError: string | null;
  /** ports.list itself failed (main unreachable…). */
  loadError: unknown;
  loaded: boolean;
  boards: readonly BoardProfile[];
  refresh(): Promise<void>;
  apply(change: PortChange, now?: number): void;
  addByPath(path: string): Promise<Port>;
  remove(path: string): Promise<void>;
  chooseBoard(path: string, board: BoardId | null): Promise<Port>;
}

const byPath = (a: PortRow, b: PortRow): number => naturalCompare(a.path, b.path);

const row = (port: Port, pluggedAt: number | null): PortRow => ({
  ...port,
  pluggedAt,
  unpluggedAt: null,
});

/** One live change applied to the rows (pure; the store and its tests use it). */
export function applyPortChange(
  rows: readonly PortRow[],
  change: Exclude<PortChange, { kind: 'listing' }>,
  now: number,
): PortRow[] {
  const { port } = change;
  const old = rows.find((r) => r.path === port.path);
  const rest = rows.filter((r) => r.path !== port.path);
  switch (change.kind) {
    case 'plugged':
      return [...rest, row(port, now)].sort(byPath);
    case 'unplugged':
      return [...rest, { ...(old ?? row(port, null)), ...port, unpluggedAt: now }].sort(byPath);
    case 'changed':
      return [
        ...rest,
        { ...port, pluggedAt: old?.pluggedAt ?? null, unpluggedAt: old?.unpluggedAt ?? null },
      ].sort(byPath);
  }
}

/** A fresh listing replaces the present ports; recently unplugged rows stay until pruned. */
export function mergeListing(rows: readonly PortRow[], ports: readonly Port[]): PortRow[] {
  const listed = new Set(ports.map((p) => p.path));
  const kept = rows.filter((r) => r.unpluggedAt !== null && !listed.has(r.path));
  const fresh = ports.map((p) => {
    const old = rows.find((r) => r.path === p.path);
    return row(p, old?.unpluggedAt === null ? old.pluggedAt : null);
  });
  return [...kept, ...fresh].sort(byPath);
}

/**
 * Drops unplugged rows older than UNPLUGGED_KEEP_MS, except ports a running job refers to, and
 * ends highlights older than PLUGGED_HIGHLIGHT_MS; the same array when nothing changed.
 */
export function pruneUnplugged(
  rows: readonly PortRow[],
  now: number,
  held: ReadonlySet<string>,
): PortRow[] {
  let changed = false;
  const next = rows.flatMap((r) => {
    if (r.unpluggedAt !== null && !held.has(r.path) && now - r.unpluggedAt >= UNPLUGGED_KEEP_MS) {
      changed = true;
      return [];
    }
    if (r.pluggedAt !== null && now - r.pluggedAt >= PLUGGED_HIGHLIGHT_MS) {
      changed = true;
      return [{ ...r, pluggedAt: null }];
    }
    return [r];
  });
  return changed ? next : (rows as PortRow[]);
}

/** Ports present now (the status bar's "2 boards"). */
export const presentPorts = (rows: readonly PortRow[]): PortRow[] =>
  rows.filter((r) => r.unpluggedAt === null);

/** Ports a board can be on: present, and not one of the machine's own (/dev/ttyS0). */
export const boardPorts = (rows: readonly PortRow[]): PortRow[] =>
  presentPorts(rows).filter((r) => !r.system);

export const boardName = (boards: readonly BoardProfile[], id: BoardId | null): string | null =>
  (id && boards.find((b) => b.id === id)?.name) ?? null;

export const usePorts = create<PortsSlice>((set, get) => ({
  ports: [],
  listError: null,
  loadError: null,
  loaded: false,
  boards: [],
  async refresh() {
    try {
      const [list, profiles] = await Promise.all([
        api().ports.list({}),
        get().boards.length ? null : api().flash.boards({}),
      ]);
      set((s) => ({
        ports: mergeListing(s.ports, list.ports),
        listError: list.listError,
        loadError: null,
        loaded: true,
        ...(profiles ? { boards: profiles.boards } : {}),
      }));
    } catch (loadError) {
      set({ loadError, loaded: true });
    }
  },
  apply(change, now = Date.now()) {
    if (change.kind === 'listing') set({ listError: change.error });
    else set((s) => ({ ports: applyPortChange(s.ports, change, now) }));
  },
  async addByPath(path) {
    const { port } = await api().ports.addByPath({ port: path });
    get().apply({ kind: 'plugged', time: Date.now(), port });
    return port;
  },
  async remove(path) {
    await api().ports.remove({ port: path });
    set((s) => ({ ports: s.ports.filter((r) => r.path !== path) }));
  },
  async chooseBoard(path, board) {
    const { port } = await api().ports.chooseBoard({ port: path, board });
    get().apply({ kind: 'changed', time: Date.now(), port });
    return port;
  },
}));

/** Checks for unplugged rows to drop this often. */
const PRUNE_EVERY_MS = 1_000;

/**
 * Keeps the slice live (ports.changes, a refresh when the link returns, pruning); shared by every
 * caller, returns the caller's disposer.
 */
export const followPorts = sharedFollower(() => {
  void usePorts.getState().refresh();
  const off = api().on('ports.changes', {}, (change) => usePorts.getState().apply(change));
  const offLink = useConnection.subscribe((s, prev) => {
    if (s.link === 'online' && prev.link !== 'online') void usePorts.getState().refresh();
  });
  const timer = setInterval(() => {
    const held = portsInRunningJobs(useFlashing.getState().jobs);
    const { ports } = usePorts.getState();
    const next = pruneUnplugged(ports, Date.now(), held);
    if (next !== ports) usePorts.setState({ ports: next });
  }, PRUNE_EVERY_MS);
  return () => {
    off();
    offLink();
    clearInterval(timer);
  };
});
