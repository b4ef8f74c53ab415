// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { JsonTree } from './JsonTree';

describe('decoded value tree', () => {
  it('shows the vectors’ wrappers as words: bytes with their length, big integers, NaN', () => {
    render(
      <JsonTree
        value={{
          raw: { $bytes: 'dead' },
          n: { $bigint: '18446744073709551615' },
          f: { $double: 'NaN' },
        }}
      />,
    );
    expect(screen.getByText('2 bytes')).toBeTruthy();
    expect(screen.getByText('dead')).toBeTruthy();
    expect(screen.getByText('18446744073709551615')).toBeTruthy();
    expect(screen.getByText('big')).toBeTruthy();
    expect(screen.getByText('NaN')).toBeTruthy();
  });

  it('collapses and expands containers, and lists long ones on demand', async () => {
    const user = userEvent.setup();
    render(<JsonTree value={{ list: Array.from({ length: 150 }, (_, i) => i) }} />);
    expect(screen.queryByText('149')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show all (150 items)' }));
    expect(screen.getAllByText('149').length).toBeGreaterThan(0);
    const toggle = screen.getByRole('button', { name: 'Collapse (1 key)' });
    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.getByText('1 key')).toBeTruthy();
  });
});
