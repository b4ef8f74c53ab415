/** Mod+K: every action with its shortcut, and jumps to devices and ports by name (UI.md §2). */
import { useMemo, useRef, useState, useEffect, type KeyboardEvent, type ReactNode } from 'react';
import { messages } from '../messages';
import { isEnabled, matchesQuery, queryRank, type Action } from './Action';
import { useActionRegistry } from './actionRegistry';
import { displayKeys, isMac } from './keys';
import { naturalCompare } from '../format/naturalSort';

const MAX_ROWS = 100;

/** A light modal over the shell: a click outside or the caller's keys close it. */
function Overlay({
  label,
  className,
  onClose,
  onKeyDown,
  children,
}: {
  label: string;
  className: string;
  onClose: () => void;
  onKeyDown: (e: KeyboardEvent) => void;
  children: ReactNode;
}) {
  return (
    <div className="overlay" onClick={onClose}>
      <div
        role="dialog"
        aria-modal="true"
        aria-label={label}
        className={className}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        {children}
      </div>
    </div>
  );
}

export function CommandPalette({ onClose }: { onClose: () => void }) {
  const actions = useActionRegistry((s) => s.actions);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const mac = isMac(navigator.platform);
  const t = messages.shell.palette;

  useEffect(() => input.current?.focus(), []);
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return [...actions.values()]
      .filter((a) => a.id !== 'shell.palette' && matchesQuery(a, q))
      .sort(
        (a, b) =>
          queryRank(a, q) - queryRank(b, q) ||
          Number(a.kind === 'jump') - Number(b.kind === 'jump') ||
          naturalCompare(a.group, b.group) ||
          naturalCompare(a.label, b.label),
      )
      .slice(0, MAX_ROWS);
  }, [actions, query]);

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
