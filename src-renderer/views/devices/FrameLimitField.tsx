/**
 * The largest frame the broker sends this device (IOTMP.md §9.1.7): 4 KiB unless the device is
 * known to accept more. Shown among the header's facts as a choice of the limits real cores have,
 * saved at once (devices.update), with the outcome in the header's notice line.
 */
import { useEffect, useId, useState } from 'react';
import { api } from '../../api/connection';
import { errorText } from '../../api/errorText';
import { messages } from '../../messages';

/** The limits of the cores that exist (§2.4), smallest first; the first is the default. */
const FRAME_LIMIT_CHOICES = [4096, 16_384, 32_768, 65_536, 262_144] as const;

export function FrameLimitField({
  user,
  device,
  notify,
}: {
  user: string;
  device: string;
  notify: (text: string) => void;
}) {
  const t = messages.devices.page.frameLimit;
  const id = useId();
  const [limit, setLimit] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    let live = true;
    api()
      .devices.get({ user, device })
      .then((d) => live && setLimit(d.maxFrameBytes ?? FRAME_LIMIT_CHOICES[0]))
      .catch(() => live && setLimit(FRAME_LIMIT_CHOICES[0]));
    return () => {
      live = false;
    };
  }, [user, device]);

  const choose = async (bytes: number): Promise<void> => {
    const before = limit;
    setLimit(bytes);
    setSaving(true);
    try {
      const saved = await api().devices.update({
        user,
        device,
        maxFrameBytes: bytes === FRAME_LIMIT_CHOICES[0] ? null : bytes,
      });
      setLimit(saved.maxFrameBytes ?? bytes);
      notify(t.saved(t.long(bytes)));
    } catch (error) {
      setLimit(before);
      notify(`${t.failed} ${errorText(error).message}`);
    } finally {
      setSaving(false);
    }
  };

  const choices: number[] = [...FRAME_LIMIT_CHOICES];
  if (limit !== null && !choices.includes(limit)) choices.push(limit);
  return (
    <div className="device-fact device-fact-choice">
      <dt className="muted">
        <label htmlFor={id} title={t.hint}>
          {t.label}
        </label>
      </dt>
      <dd>
        <select
          id={id}
          className="field"
          value={limit ?? ''}
          disabled={limit === null || saving}
          aria-describedby={`${id}-hint`}
          onChange={(e) => void choose(Number(e.target.value))}
        >
          {limit === null && <option value="">…</option>}
          {choices.map((b) => (
            <option key={b} value={b}>
              {t.option(b)}
            </option>
          ))}
        </select>
        <span id={`${id}-hint`} className="visually-hidden">
          {t.hint}
        </span>
      </dd>
    </div>
  );
}
