/** What the hand-over dialog's text fields mean, parsed (pure: no React, no calls). */

/** `{"user/device": "credential"}`, or null when the text is not that. */
export function parseCredentials(text: string): Record<string, string> | null {
  if (text.trim() === '') return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
    const entries = Object.entries(v as Record<string, unknown>);
    if (!entries.every(([k, c]) => /^[^/]+\/[^/]+$/.test(k) && typeof c === 'string' && c))
      return null;
    return Object.fromEntries(entries) as Record<string, string>;
  } catch {
    return null;
  }
}

/**
 * "host:port" where devices dial the new server; empty: the server's host, port 25204 (main's
 * default, undefined here); null when the text is not that.
 */
export function parseDeviceAddress(
  text: string,
): { host: string; port: number } | undefined | null {
  const v = text.trim();
  if (v === '') return undefined;
  const [, host, digits] = /^(\[[0-9a-fA-F:.]+\]|[^\s/:[\]]+):(\d{1,5})$/.exec(v) ?? [];
  const port = Number(digits);
  return host !== undefined && port >= 1 && port <= 65_535 ? { host, port } : null;
}

/** Where devices dial by default: the new server's host, port 25204 (shown as the placeholder). */
export const defaultAddress = (target: string): string => {
  try {
    return `${new URL(target).hostname}:25204`;
  } catch {
    return 'iot.example.com:25204';
  }
};
