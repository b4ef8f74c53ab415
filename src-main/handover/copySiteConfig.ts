/**
 * The first hand-over step: each user's buckets and the broker's endpoints created on the new
 * server (a device that reconnects may write to a bucket at once), each with its own outcome.
 */
import { thingerEndpoint } from '../serverres/httpEndpoint';
import type { Created } from './ThingerClient';
import { errorText, type HandoverRun, type HandoverSite } from './handoverTypes';

type Outcome = { created: Created | 'failed'; error: string | null };

async function outcomeOf(create: () => Promise<Created>): Promise<Outcome> {
  try {
    return { created: await create(), error: null };
  } catch (e) {
    return { created: 'failed', error: errorText(e) };
  }
}

export async function copySiteConfig(run: HandoverRun, site: HandoverSite): Promise<void> {
  const { client, report } = run;
  const users = [...new Set(site.devices.map((d) => d.user))];
  for (const user of users) {
    if (run.stopped()) break;
    for (const b of site.buckets.configs(user)) {
      const outcome = await outcomeOf(() =>
        client.createBucket(user, {
          bucket: b.bucket,
          name: b.name,
          description: b.description,
          enabled: b.enabled,
          config: b.config,
        }),
      );
      report.buckets.push({ bucket: b.bucket, user, ...outcome });
      run.progress('copying');
    }
    for (const [endpoint, e] of Object.entries(site.endpoints)) {
      const outcome = await outcomeOf(() =>
        client.createEndpoint(user, thingerEndpoint(endpoint, e)),
      );
      report.endpoints.push({ endpoint, user, ...outcome });
      run.progress('copying');
    }
  }
}
