import { useEffect } from 'react';
import { feedOf } from '../../state/serial';
import { settingsOf, useSerialSettings } from '../../state/serialSettings';

/** Every tab's feed stays subscribed while the view shows, so none misses lines. */
export function useFeeds(tabs: readonly string[]): void {
  const views = useSerialSettings((s) => s.ports);
  const key = tabs.map((p) => `${p}\n${views[p]?.view ?? 'text'}`).join('\n\n');
  useEffect(() => {
    const attached = tabs.map((port) => {
      const feed = feedOf(port);
      feed.attach(settingsOf(port).view === 'hex');
      return feed;
    });
    return () => attached.forEach((f) => f.detach());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` covers tabs and their views
  }, [key]);
}
