import { present } from '../contract/present';

/**
 * A path parameter that the route's own pattern declares (`:device` in `/devices/:device`): the
 * router sets it on every match, so a miss is a bug in the route table, and it gets a named error.
 */
export function param(p: Readonly<Record<string, string | undefined>>, name: string): string {
  return present(p[name], `route parameter :${name}`);
}
