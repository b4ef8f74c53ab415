/**
 * An ESP build's flash layout (UI.md §3.8): one row per file with its offset, editable (hex or
 * decimal, 4 KB-aligned; checked again by main on Enter or when the field is left), its size and
 * its role.
 */
import { useState } from 'react';
import type { EspRegion } from '@contract/flashSchemas';
import { groupDigits } from '../../../format/bytes';
import { messages } from '../../../messages';
import { parseOffset } from './firmwareFiles';

type OnOffset = (file: string, offset: number) => void;

export function EspLayout({
  regions,
  onOffset,
}: {
  regions: readonly EspRegion[];
  onOffset: OnOffset;
}) {
  const t = messages.flash.firmware;
  const c = t.layoutColumns;
  return (
    <section className="esp-layout" aria-labelledby="esp-layout-title">
      <h3 id="esp-layout-title">{t.layout}</h3>
      <p className="muted">{t.layoutHint}</p>
      <table className="recent-table">
        <thead>
          <tr>
            <th scope="col">{c.file}</th>
            <th scope="col">{c.offset}</th>
            <th scope="col" className="num">
              {c.size}
            </th>
            <th scope="col">{c.role}</th>
          </tr>
        </thead>
        <tbody>
          {regions.map((r) => (
            <tr key={`${r.name}@${r.offset}`}>
              <td>{r.name}</td>
              <td>
                <OffsetField region={r} onOffset={onOffset} />
              </td>
              <td className="num">{groupDigits(r.size)} B</td>
              <td>{t.roles[r.role] ?? r.role}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OffsetField({ region, onOffset }: { region: EspRegion; onOffset: OnOffset }) {
  const t = messages.flash.firmware;
  const shown = `0x${region.offset.toString(16)}`;
  const [text, setText] = useState(shown);
  const value = parseOffset(text);
  const commit = (): void => {
    if (value === null) return;
    if (value !== region.offset) onOffset(region.name, value);
  };
  return (
    <span className="esp-offset">
      <input
        className="field mono"
        aria-label={t.offsetLabel(region.name)}
        value={text}
        size={9}
        spellCheck={false}
        aria-invalid={value === null ? true : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {value === null && <span className="fit-bad">{t.offsetInvalid(text)}</span>}
    </span>
  );
}
