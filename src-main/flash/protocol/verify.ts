import type { FlashImage } from './firmware';
import { at } from '../../contract/present';
import { verifyFailed } from './FlashError';

/** Throws VERIFY_FAILED at the first byte of `data` (read at image offset `offset`) that differs. */
export function verifyChunk(image: FlashImage, offset: number, data: Uint8Array): void {
  for (const [i, actual] of data.entries()) {
    const expected = at(image.data, offset + i, 'image byte');
    if (actual !== expected) verifyFailedAt(image.address + offset + i, expected, actual);
  }
}

function verifyFailedAt(address: number, expected: number, actual: number): never {
  throw verifyFailed(address, expected, actual);
}
