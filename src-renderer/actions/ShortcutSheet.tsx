/** `?`: every action that has a shortcut, by group (UI.md §2). */
import { useEffect, useRef } from 'react';
import { messages } from '../messages';
import { useActionRegistry } from './actionRegistry';
import { displayKeys, isMac } from './keys';
import { Overlay } from './Overlay';

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const actions = useActionRegistry((s) => s.actions);
  const mac = isMac(navigator.platform);
  const t = messages.shell.shortcuts;
  const withKeys = [...actions.values()].flatMap((a) => (a.keys ? [{ ...a, keys: a.keys }] : []));
  const groups = [...new Set(withKeys.map((a) => a.group))].sort();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => close.current?.focus(), []);
  return (
    <Overlay
      label={t.title}
      className="sheet"
      onClose={onClose}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <h2>{t.title}</h2>
      {groups.map((g) => (
        <section key={g}>
          <h3>{g}</h3>
          <dl className="sheet-list">
            {withKeys
              .filter((a) => a.group === g)
              .map((a) => (
                <div key={a.id}>
                  <dt>
                    <kbd>{displayKeys(a.keys, mac)}</kbd>
                  </dt>
                  <dd>{a.label}</dd>
                </div>
              ))}
          </dl>
        </section>
      ))}
      <button ref={close} className="btn" onClick={onClose}>
        {messages.common.close}
      </button>
    </Overlay>
  );
}
