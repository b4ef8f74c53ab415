/**
 * The user a view works on (alarms, OTA): typed or picked from the users that have devices,
 * the first of them until someone chooses.
 */
import { useId, useMemo, useState } from 'react';
import { messages } from '../messages';
import { splitKey, useDevices } from '../state/devices';

export function useUserChoice(): {
  users: string[];
  user: string;
  chosen: string;
  choose: (u: string) => void;
} {
  const keys = useDevices((s) => s.keys);
  const users = useMemo(() => [...new Set(keys.map((k) => splitKey(k)[0]))].sort(), [keys]);
  const [chosen, choose] = useState('');
  return { users, user: chosen || users[0] || 'site', chosen, choose };
}

export function UserPicker({ choice }: { choice: ReturnType<typeof useUserChoice> }) {
  const id = useId();
  return (
    <label className="row">
      {messages.common.user}
      <input
        className="field mono"
        list={id}
        value={choice.chosen}
        placeholder={choice.user}
        onChange={(e) => choice.choose(e.target.value.trim())}
      />
      <datalist id={id}>
        {choice.users.map((u) => (
          <option key={u} value={u} />
        ))}
      </datalist>
    </label>
  );
}
