/**
 * A device's key, `user/device`: how main and the renderer name one device in maps, topics and
 * routes. Ids cannot contain `/` (contract `Id`), so the key splits back unambiguously.
 */
export function deviceKey(id: { readonly user: string; readonly device: string }): string;
export function deviceKey(user: string, device: string): string;
export function deviceKey(
  a: string | { readonly user: string; readonly device: string },
  device?: string,
): string {
  return typeof a === 'string' ? `${a}/${device}` : `${a.user}/${a.device}`;
}

/** `user/device` back into its parts. */
export function splitKey(key: string): [user: string, device: string] {
  const at = key.indexOf('/');
  return [key.slice(0, at), key.slice(at + 1)];
}
