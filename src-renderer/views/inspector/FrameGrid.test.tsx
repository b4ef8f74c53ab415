// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { keepAlive, ok, run } from '@protocol/message';
import { FrameGrid } from './FrameGrid';
import { toRow } from '../../model/inspector/frameRow';
import { inspected, malformed } from '../../model/inspector/testFrames';

const rows = [
  toRow('site/a', inspected(1, 'out', run(3, 'led', { payload: true })), 1, 1),
  toRow('site/a', inspected(2, 'in', ok(3)), 2, 1, 'led'),
  toRow('site/a', inspected(3, 'in', keepAlive()), 3, 1),
  toRow('site/a', malformed(4), 4, 1),
];

function Grid({ onLeave }: { onLeave: () => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <FrameGrid
      rows={rows}
      selectedId={selected}
      pairedId={null}
      marked={new Set()}
      live={false}
      onSelect={setSelected}
      onLeaveBottom={onLeave}
      onReachBottom={() => {}}
    />
  );
}

describe('frame grid', () => {
  it('is a grid of rows with column headers, row indices and one selected row', async () => {
    const user = userEvent.setup();
    render(<Grid onLeave={() => {}} />);
    const grid = screen.getByRole('grid', { name: 'Frames' });
    expect(grid.getAttribute('aria-rowcount')).toBe('5');
    const all = within(grid).getAllByRole('row');
    expect(all.map((r) => r.getAttribute('aria-rowindex'))).toEqual(['1', '2', '3', '4', '5']);
    expect(within(all[0]!).getAllByRole('columnheader')).toHaveLength(9);
    expect(within(all[1]!).getAllByRole('gridcell')[2]!.textContent).toBe('→ device');
    expect(within(all[2]!).getAllByRole('gridcell')[2]!.textContent).toBe('← device');
    const bad = within(all[4]!).getAllByRole('gridcell');
    expect(bad[4]!.textContent).toBe('✕ RUN');
    expect(bad[8]!.textContent).toMatch(/^UNKNOWN_WIRE_TYPE · /);

    await user.click(within(all[2]!).getByText('OK'));
    expect(all[2]!.getAttribute('aria-selected')).toBe('true');
    expect(grid.getAttribute('aria-activedescendant')).toBe(all[2]!.id);
  });

  it('moves the selection with the arrow keys, Home and End', async () => {
    const user = userEvent.setup();
    const onLeave = vi.fn();
    render(<Grid onLeave={onLeave} />);
    const grid = screen.getByRole('grid', { name: 'Frames' });
    grid.focus();
    const selected = () =>
      within(grid)
        .getAllByRole('row')
        .findIndex((r) => r.getAttribute('aria-selected') === 'true');
    await user.keyboard('{ArrowDown}');
    expect(selected()).toBe(4);
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(selected()).toBe(2);
    await user.keyboard('{Home}');
    expect(selected()).toBe(1);
    await user.keyboard('{End}');
    expect(selected()).toBe(4);
  });
});
