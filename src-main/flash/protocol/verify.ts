import type { FlashImage } from './firmware';
import { verifyFailed } from './FlashError';

/** Throws VERIFY_FAILED at the first byte of `data` (read at image offset `offset`) that differs. */
export function verifyChunk(image: FlashImage, offset: number, data: Uint8Array): void {
  for (let i = 0; i < data.length; i++) {
    const expected = image.data[offset + i]!;
    if (data[i] !== expected) verifyFailedAt(image.address + offset + i, expected, data[i]!);
  }
}

function verifyFailedAt(address: number, expected: number, actual: number): never {
  throw verifyFailed(address, expected, actual);
}
