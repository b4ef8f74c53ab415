/** Mod+K: every action with its shortcut, and jumps to devices and ports by name (UI.md §2). */
import { useMemo, useRef, useState, useEffect, type KeyboardEvent } from 'react';
import { messages } from '../messages';
import { isEnabled, type Action } from './Action';
import { useActionRegistry } from './actionRegistry';
import { displayKeys, isMac } from './keys';
import { Overlay } from './Overlay';
import { paletteRows } from './paletteRows';

export function CommandPalette({ onClose }: { onClose: () => void }) {
  const actions = useActionRegistry((s) => s.actions);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const mac = isMac(navigator.platform);
  const t = messages.shell.palette;

  useEffect(() => input.current?.focus(), []);
  const rows = useMemo(() => paletteRows(actions.values(), query), [actions, query]);

  const run = (a: Action | undefined): void => {
    if (!a || !isEnabled(a)) return;
    onClose();
    a.perform();
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') setIndex((i) => Math.min(i + 1, rows.length - 1));
    else if (e.key === 'ArrowUp') setIndex((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter') run(rows[index]);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
  };

  return (
    <Overlay label={t.title} className="palette" onClose={onClose} onKeyDown={onKey}>
      <input
        ref={input}
        className="field palette-input"
        placeholder={t.placeholder}
        aria-label={t.title}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setIndex(0);
        }}
      />
      <ul role="listbox" aria-label={t.results} className="palette-list">
        {rows.length === 0 && <li className="muted palette-empty">{t.nothing}</li>}
        {rows.map((a, i) => (
          <li
            key={a.id}
            role="option"
            aria-selected={i === index}
            aria-disabled={!isEnabled(a)}
            className="palette-row"
            onMouseEnter={() => setIndex(i)}
            onClick={() => run(a)}
          >
            <span className="muted palette-group">{a.group}</span>
            <span className="palette-label">{a.label}</span>
            {a.keys && <kbd>{displayKeys(a.keys, mac)}</kbd>}
          </li>
        ))}
      </ul>
    </Overlay>
  );
}
