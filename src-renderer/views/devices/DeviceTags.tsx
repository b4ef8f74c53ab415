/**
 * A device's tags on its page (issue 16: group devices by site, room, product): each tag with a
 * remove button, and a field that adds one on Enter. Saved in main at once (devices.update), so
 * every window's tree can filter by them.
 */
import { useState } from 'react';
import type { Device } from '@contract/schemas';
import { MAX_DEVICE_TAGS, Tag } from '@contract/schemas';
import { messages } from '../../messages';
import { saveTags } from '../../state/deviceTags';

export function DeviceTags({ device }: { device: Device }) {
  const t = messages.devices.tags;
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const tags = device.tags ?? [];
  const save = (next: string[]): void => {
    setProblem(null);
    saveTags(device.user, device.device, next).catch(() => setProblem(t.saveFailed));
  };
  const add = (): void => {
    const parsed = Tag.safeParse(text);
    if (!parsed.success) return setProblem(t.invalid);
    setText('');
    if (!tags.includes(parsed.data)) save([...tags, parsed.data]);
  };
  return (
    <div className="device-tags" role="group" aria-label={t.editorLabel}>
      <ul className="device-tag-list">
        {tags.map((tag) => (
          <li key={tag} className="device-tag">
            <span>{tag}</span>
            <button
              type="button"
              className="btn-quiet device-tag-remove"
              aria-label={t.remove(tag)}
              onClick={() => save(tags.filter((x) => x !== tag))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {tags.length < MAX_DEVICE_TAGS && (
        <input
          aria-label={t.add}
          className="field device-tag-input"
          placeholder={t.addPlaceholder}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && text.trim()) {
              e.preventDefault();
              add();
            }
          }}
        />
      )}
      {problem && (
        <span role="alert" className="device-tag-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
