/** The page at `/` when no built console is given (`consoleDir` unset or not built). */
import { OPENAPI_PATH } from './routes';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The placeholder's CSP: nothing may load or run. */
export const PLACEHOLDER_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'";

export function placeholderPage(token: string | null): string {
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IoTMP Studio</title></head>
<body>
<h1>IoTMP Studio</h1>
<p>The broker is running. The web console is not built in this copy (<code>npm run build</code> builds it); the API works without it.</p>
<ul>
<li>API description (OpenAPI 3.1): <a href="${escapeHtml(OPENAPI_PATH + q)}">${escapeHtml(OPENAPI_PATH)}</a></li>
<li>Devices: <code>GET /v3/users/{user}/devices</code>; a resource: <code>GET|POST /v3/users/{user}/devices/{device}/resources/{resource}</code></li>
</ul>
</body></html>
`;
}
