// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HexDump } from './HexDump';

const bytes = Uint8Array.from({ length: 40 }, (_, i) => (i < 26 ? 0x41 + i : i));

describe('hex dump', () => {
  it('has an offset, 16 bytes and their ASCII per row; non-printable bytes are dots', () => {
    render(<HexDump bytes={bytes} highlight={null} header={null} errorAt={null} />);
    const rows = within(screen.getByTestId('hex-dump')).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const cells = (i: number) =>
      within(rows[i]!)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(cells(0)).toEqual(['0000', '4142434445464748494a4b4c4d4e4f50', 'ABCDEFGHIJKLMNOP']);
    expect(cells(1)[0]).toBe('0010');
    expect(cells(2)).toEqual(['0020', '2021222324252627', ' !"#$%&\'']);
    expect(cells(1)[2]).toBe('QRSTUVWXYZ······');
  });

  it('marks the highlighted bytes in both columns', () => {
    render(
      <HexDump bytes={bytes} highlight={{ start: 14, end: 18 }} header={null} errorAt={null} />,
    );
    const marks = [...screen.getByTestId('hex-dump').querySelectorAll('mark')].map(
      (m) => m.textContent,
    );
    expect(marks).toEqual(['4f', '50', 'O', 'P', '51', '52', 'Q', 'R']);
  });
});
