/**
 * A device's key, `user/device`: how main and the renderer name one device in maps, topics and
 * routes. Ids cannot contain `/` (contract `Id`), so the key splits back unambiguously.
 */
export const deviceKey = (user: string, device: string): string => `${user}/${device}`;

/** `user/device` back into its parts. */
export function splitKey(key: string): [user: string, device: string] {
  const at = key.indexOf('/');
  return [key.slice(0, at), key.slice(at + 1)];
}
