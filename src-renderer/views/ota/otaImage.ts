/** A firmware image for OTA: its size bound and its base64 form for the contract. */

/** The contract's bound on an image (raw bytes). */
export const MAX_IMAGE = 2.5 * 1024 * 1024;

/** Base64 in chunks, so a large image does not overflow `String.fromCharCode`'s arguments. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
