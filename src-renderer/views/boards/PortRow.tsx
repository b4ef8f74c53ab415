/**
 * One port (UI.md §3.7): what is plugged in, its USB identity, who holds it, the board chosen for
 * it (remembered by serial number), and Open monitor / Flash…. Unplugged rows are greyed. The
 * row's parts are in `port/`.
 */
import { useState } from 'react';
import type { BoardProfile } from '@contract/serialSchemas';
import { ErrorNotice } from '../../components/ErrorNotice';
import { messages } from '../../messages';
import type { PortRow } from '../../state/ports';
import { EspToolsDialog } from './esp/EspToolsDialog';
import { BoardChooser } from './port/BoardChooser';
import type { ToolChoice } from './port/EspToolButtons';
import { PortActions } from './port/PortActions';
import { PortMeta } from './port/PortMeta';
import { PortStateChip } from './port/PortStateChip';
import { portSubtitle, portTitle } from './port/portTitle';
import { useReadChip } from './port/useReadChip';

export function PortRowView({ port, boards }: { port: PortRow; boards: readonly BoardProfile[] }) {
  const title = portTitle(port, boards);
  const subtitle = portSubtitle(port, boards);
  const gone = port.unpluggedAt !== null;
  // The store ends the highlight after PLUGGED_HIGHLIGHT_MS (none with reduced motion: CSS).
  const fresh = !gone && port.pluggedAt !== null;
  const t = messages.boards;
  const { reading, readError, readChip } = useReadChip(port.path);
  const [tool, setTool] = useState<ToolChoice | null>(null);

  return (
    <li
      className={`port-row${gone ? ' port-gone' : ''}${fresh ? ' port-fresh' : ''}`}
      aria-label={t.rowLabel(title, port.path)}
    >
      <div className="port-main">
        <div className="port-title">
          <span className={gone ? 'status status-offline' : 'status status-online'}>
            <span aria-hidden="true">{gone ? '○' : '●'}</span>
          </span>
          <strong>{title}</strong>
          {subtitle && <span className="muted">{subtitle}</span>}
        </div>
        <PortMeta port={port} />
        {readError ? <ErrorNotice error={readError} title={t.esp.failed} /> : null}
      </div>
      <PortStateChip port={port} />
      <BoardChooser port={port} boards={boards} disabled={gone} />
      <PortActions
        port={port}
        boards={boards}
        reading={reading}
        onReadChip={() => void readChip()}
        onTool={setTool}
      />
      {tool && (
        <EspToolsDialog
          port={port}
          title={title}
          boards={boards}
          tool={tool.tool}
          jobId={tool.jobId}
          onClose={() => setTool(null)}
        />
      )}
    </li>
  );
}
