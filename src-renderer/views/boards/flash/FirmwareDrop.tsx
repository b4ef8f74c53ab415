/**
 * Where firmware comes in (UI.md §3.8): a drop zone for a .hex or an ESP build's .bin files, and
 * Browse, which the palette also offers ("Browse for firmware").
 */
import { useMemo, useRef, useState, type DragEvent } from 'react';
import type { Action } from '../../../actions/Action';
import { useRegisterActions } from '../../../actions/actionRegistry';
import { messages } from '../../../messages';

export function FirmwareDrop({ onFiles }: { onFiles: (files: File[]) => void }) {
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const t = messages.flash.firmware;

  const actions = useMemo<Action[]>(
    () => [
      {
        id: 'flash.browse',
        label: messages.flash.actions.browse,
        group: messages.flash.actions.group,
        perform: () => input.current?.click(),
      },
    ],
    [],
  );
  useRegisterActions(actions);

  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    setDragging(false);
    onFiles([...e.dataTransfer.files]);
  };

  return (
    <div
      className={`drop-zone${dragging ? ' drop-zone-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <span className="drop-glyph" aria-hidden="true">
        ⤓
      </span>
      <span>{t.drop}</span>
      <span className="muted">{t.or}</span>
      <button type="button" className="btn" onClick={() => input.current?.click()}>
        {t.browse}
      </button>
      <input
        ref={input}
        type="file"
        accept=".hex,.ihx,.bin,text/plain,application/octet-stream"
        multiple
        className="visually-hidden"
        aria-label={t.fileLabel}
        tabIndex={-1}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          onFiles(files);
        }}
      />
    </div>
  );
}
