/** How a port row is named: its title and, when a board is chosen, what the port itself is. */
import type { BoardProfile } from '@contract/serialSchemas';
import { messages } from '../../../messages';
import { boardName, type PortRow } from '../../../state/ports';

/** What the row is called: the board when known, else main's sentence ("Generic USB-serial…"). */
export function portTitle(port: PortRow, boards: readonly BoardProfile[]): string {
  if (port.kind === 'arduino') return port.name;
  return boardName(boards, port.board) ?? port.name;
}

/** When a board is chosen the title names it; the subtitle then says what the port is. */
export function portSubtitle(port: PortRow, boards: readonly BoardProfile[]): string | null {
  const t = messages.boards;
  if (port.kind === 'arduino' || !boardName(boards, port.board)) return null;
  if (port.chip) return t.bridge(port.chip);
  return port.addedByPath ? t.addedByPath : null;
}
