import { describe, expect, it } from 'vitest';
import { THINGER_RESOURCE_PATH } from '../../../src-main/api/routes';
import { curlCommand, resourcePath } from './curl';

const base = { origin: 'http://127.0.0.1:25280', user: 'site', device: 'thermo' };

describe('Copy as cURL', () => {
  it('reads an output with GET and the token as $IOTMP_TOKEN', () => {
    expect(curlCommand({ ...base, resource: 'temperature', fn: 3 })).toBe(
      [
        "curl -sS 'http://127.0.0.1:25280/v3/users/site/devices/thermo/resources/temperature' \\",
        '  -H "Authorization: Bearer $IOTMP_TOKEN"',
      ].join('\n'),
    );
  });

  it('runs with POST and the input as the JSON body, quoted for the shell', () => {
    const text = curlCommand({ ...base, resource: 'echo', fn: 4, input: { text: "it's" } });
    expect(text).toContain(
      "curl -sS -X POST 'http://127.0.0.1:25280/v3/users/site/devices/thermo/resources/echo'",
    );
    expect(text).toContain("-H 'Content-Type: application/json'");
    expect(text).toContain(`-d '{"text":"it'\\''s"}'`);
  });

  it('writes the real token only when asked, and the API note on desktop', () => {
    const text = curlCommand({ ...base, resource: 'reboot', fn: 1, token: 'abc', note: true });
    expect(text.split('\n')[0]).toMatch(/^# Needs the management API/);
    expect(text).toContain("-H 'Authorization: Bearer abc'");
    expect(text).not.toContain('-d ');
  });

  it('matches the API route, with a slash in the name encoded', () => {
    const path = resourcePath('site', 'thermo', 'relay/1');
    expect(path).toBe('/v3/users/site/devices/thermo/resources/relay%2F1');
    // One path segment per template part: the name's slash never splits it.
    const segments = path.split('/');
    expect(segments).toHaveLength(THINGER_RESOURCE_PATH.split('/').length);
    expect(decodeURIComponent(segments.at(-1)!)).toBe('relay/1');
  });
});
