/** Board ids as the contract names them, from the ids of the flash layer's board profiles. */
import { BOARD_IDS, type BoardId } from '../../contract';
import { present } from '../../contract/present';

/** A remembered or detected id the contract knows, else null. */
export const asBoardId = (id: string | null | undefined): BoardId | null =>
  id && (BOARD_IDS as readonly string[]).includes(id) ? (id as BoardId) : null;

/** A board profile's id in the contract: every profile has one (firmwareViews.test checks them all). */
export const boardIdOf = (b: { readonly id: string }): BoardId =>
  present(asBoardId(b.id), `contract board id for board profile "${b.id}"`);
