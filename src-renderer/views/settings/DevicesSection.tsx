/** Settings → Devices: accept new devices (the same switch as in Admin) and the default user. */
import { Id } from '@contract/schemas';
import { messages } from '../../messages';
import { useAdmin } from '../../state/admin';
import { AcceptNewDevices } from '../../components/AcceptNewDevices';
import { TextField } from '../../components/TextField';

export function DevicesSection() {
  const t = messages.settings.devices;
  const defaultUser = useAdmin((s) => s.defaultUser);
  const setDefaultUser = useAdmin((s) => s.setDefaultUser);
  const parsed = Id.safeParse(defaultUser);
  return (
    <>
      <AcceptNewDevices headingLevel={3} />
      <TextField
        className="settings-narrow"
        label={t.defaultUser}
        hint={t.defaultUserHint}
        value={defaultUser}
        error={defaultUser === '' || parsed.success ? null : parsed.error.issues[0]?.message}
        onValue={setDefaultUser}
        mono
      />
    </>
  );
}
