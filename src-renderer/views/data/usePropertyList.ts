/**
 * A device's properties, read once (opening the first) and again whenever a change is made
 * elsewhere (the device, a script).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Property } from '@contract/serverSchemas';
import { api } from '../../api/connection';

export function usePropertyList(
  user: string,
  device: string,
  openFirst: (p: Property | null) => Promise<void>,
) {
  const [list, setList] = useState<Property[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fetchList = useCallback(
    () =>
      api()
        .properties.list({ user, device })
        .then((r) => r.properties),
    [user, device],
  );
  const load = useCallback(
    (): Promise<Property[]> =>
      fetchList().then(
        (props) => {
          setList(props);
          setError(null);
          return props;
        },
        (e: unknown) => {
          setError(e);
          return [];
        },
      ),
    [fetchList],
  );

  useEffect(() => {
    let live = true;
    fetchList().then(
      (props) => {
        if (!live) return;
        setList(props);
        void openFirst(props[0] ?? null);
      },
      (e: unknown) => live && setError(e),
    );
    // Changes made elsewhere (the device, a script) show up as they happen.
    const off = api().on('users.events', { user }, (e) => {
      if (e.device === device && e.event.startsWith('device_property')) void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [user, device, fetchList, load, openFirst]);
  return { list, error, setError, load };
}
