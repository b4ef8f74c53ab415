/**
 * The device page's header (UI.md §3.2): id, name, presence in words, tags, connection facts
 * (updated twice a second), and the device's actions (Refresh resources, Identify, Show frames,
 * Stop streams) with their outcome.
 */
import { useMemo, useState } from 'react';
import type { Device } from '@contract/schemas';
import type { Action } from '../../actions/Action';
import { useRegisterActions } from '../../actions/actionRegistry';
import { useConnection } from '../../api/connection';
import { StatusGlyph } from '../../components/StatusGlyph';
import { formatBytes, groupDigits } from '../../format/bytes';
import { messages } from '../../messages';
import { displayName, liveness, replacedFrom, useContact, useDevices } from '../../state/devices';
import { useLiveStreams } from '../../state/liveStreams';
import { CommandButton } from './CommandButton';
import { deviceCommands, offersIdentify, type DeviceCommandId } from './deviceCommands';
import { DeviceFact } from './DeviceFact';
import { DevicePresence } from './DevicePresence';
import { DeviceTags } from './DeviceTags';
import { FrameLimitField } from './FrameLimitField';
import { useNotice } from '../../components/useNotice';

/** How long an outcome ("Stopped 2 streams.") stays on screen. */
const NOTICE_MS = 6_000;

type Busy = Partial<Record<DeviceCommandId, boolean>>;

export function DeviceHeader({ d }: { d: Device }) {
  const t = messages.devices.page;
  const contact = useContact();
  const state = useDevices((s) => liveness(d.status, s.now, contact));
  const now = useDevices((s) => s.now);
  const replaced = useDevices((s) => replacedFrom(s, d.key));
  // Enabled states read the link: re-render when it changes.
  useConnection((s) => s.link);
  const [busy, setBusy] = useState<Busy>({});
  const [notice, notify] = useNotice(NOTICE_MS);
  const commands = useMemo(
    () =>
      deviceCommands(
        { user: d.user, device: d.device },
        { notify, busy: (id, on) => setBusy((b) => ({ ...b, [id]: on })) },
      ),
    [d.user, d.device, notify],
  );
  const registered = useMemo<Action[]>(
    () => [commands.refresh, commands.identify, commands.showFrames, commands.stopStreams],
    [commands],
  );
  useRegisterActions(registered);

  return (
    <header className={`device-header${state === 'unknown' ? ' device-header-stale' : ''}`}>
      <div className="device-title-row">
        <h2 id="device-page-title" className="device-title">
          <span className="mono">
            <span className="muted">{d.user}/</span>
            {d.device}
          </span>
          {displayName(d) && <span className="device-name">{displayName(d)}</span>}
        </h2>
        <p className="device-presence">
          <StatusGlyph status={state} word={false} />
          <DevicePresence d={d} state={state} now={now} />
        </p>
        {replaced !== null && <p className="device-replaced">{t.replaced(replaced)}</p>}
      </div>
      {d.registered && <DeviceTags device={d} />}
      <DeviceFacts d={d} notify={notify} />
      <div className="device-actions">
        <DeviceToolbar d={d} commands={commands} busy={busy} />
        <p role="status" className="device-notice">
          {notice}
        </p>
      </div>
    </header>
  );
}

/** Transport, protocol, remote address, round trip, frames and bytes, drops, the frame limit. */
function DeviceFacts({ d, notify }: { d: Device; notify: (text: string) => void }) {
  const t = messages.devices.page;
  const st = d.status;
  return (
    <dl className="device-facts" aria-label={t.facts}>
      <DeviceFact label={t.transport} value={st.transport?.toUpperCase()} />
      <DeviceFact label={t.protocol} value={st.pv === null ? undefined : t.pv(st.pv)} />
      <DeviceFact label={t.remote} value={st.remoteAddress ?? undefined} mono />
      <DeviceFact label={t.rtt} value={st.rttMs === null ? undefined : t.ms(st.rttMs)} />
      <DeviceFact
        label={t.frames}
        value={t.inOut(groupDigits(st.framesIn), groupDigits(st.framesOut))}
      />
      <DeviceFact
        label={t.bytes}
        value={t.inOut(formatBytes(st.bytesIn), formatBytes(st.bytesOut))}
      />
      {st.dropped > 0 && <DeviceFact label={t.dropped} value={groupDigits(st.dropped)} />}
      {d.registered && <FrameLimitField user={d.user} device={d.device} notify={notify} />}
    </dl>
  );
}

/** Refresh resources, Identify (when the device has it), Show frames, Stop streams (with a count). */
function DeviceToolbar({
  d,
  commands,
  busy,
}: {
  d: Device;
  commands: ReturnType<typeof deviceCommands>;
  busy: Busy;
}) {
  const t = messages.devices.page;
  const identify = useDevices((s) => offersIdentify(s.resources[d.key]));
  const streams = useLiveStreams(
    (s) => s.streams.filter((x) => x.user === d.user && x.device === d.device).length,
  );
  return (
    <div role="toolbar" aria-label={t.toolbar} className="toolbar">
      <CommandButton
        action={commands.refresh}
        label={busy.refresh ? t.refreshing : t.refresh}
        busy={busy.refresh}
      />
      {identify && (
        <CommandButton
          action={commands.identify}
          label={busy.identify ? t.identifying : t.identify}
          busy={busy.identify}
        />
      )}
      <CommandButton action={commands.showFrames} label={t.showFrames} />
      <CommandButton
        action={commands.stopStreams}
        label={t.stopStreams}
        badge={streams > 0 ? streams : undefined}
      />
    </div>
  );
}
