// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ValueView } from './ValueView';
import type { Value } from '../../model/pson';

const view = (value: Value | undefined) => render(<ValueView value={value} />).container;

describe('value renderers, one per PSON shape', () => {
  it('shows integers exactly and big integers with a "big" tag', () => {
    expect(view(9007199254740991).textContent).toBe('9007199254740991');
    const big = view({ $bigint: '9223372036854775808' });
    expect(big.textContent).toBe('9223372036854775808 big');
  });

  it('shows a binary32 at binary32 precision, with the full value on hover', () => {
    const c = view(0.10000000149011612);
    expect(c.textContent).toBe('0.1');
    expect(c.querySelector('[title]')?.getAttribute('title')).toContain('0.10000000149011612');
    expect(view(0.1).textContent).toBe('0.1');
    expect(view(36.6).textContent).toBe('36.6');
    expect(view(23.5).textContent).toBe('23.5');
  });

  it('writes NaN and ±infinity as words', () => {
    expect(view({ $double: 'NaN' }).textContent).toBe('not a number');
    expect(view({ $double: '-Infinity' }).textContent).toBe('minus infinity');
  });

  it('tells null, not read, empty containers and empty text apart', () => {
    expect(view(null).textContent).toBe('null');
    expect(view(undefined).textContent).toBe('— not read yet');
    expect(view({}).textContent).toBe('{}');
    expect(view([]).textContent).toBe('[]');
    expect(view('').textContent).toBe('(empty text)');
    expect(view({ $empty: true }).textContent).toBe('(no value)');
  });

  it('shows booleans as a word with a glyph', () => {
    expect(view(true).textContent).toBe('true ●');
    expect(view(false).textContent).toBe('false ○');
  });

  it('truncates text after three lines and shows all on demand', async () => {
    render(<ValueView value={'a\nb\nc\nd\ne'} />);
    await userEvent.click(screen.getByRole('button', { name: 'Show all' }));
    expect(screen.getByRole('button', { name: 'Show less' })).toBeTruthy();
  });

  it('shows bytes as hex with their length and a Copy button', () => {
    render(<ValueView value={{ $bytes: 'deadbeef' }} />);
    expect(screen.getByText('de ad be ef')).toBeTruthy();
    expect(screen.getByText('4 bytes')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy hex' })).toBeTruthy();
  });

  it('lists a map in the device key order, each value by its own shape', () => {
    render(<ValueView value={{ temp: 23.5, active: true, name: 'sensor' }} />);
    const keys = screen.getAllByRole('rowheader').map((h) => h.textContent);
    expect(keys).toEqual(['temp', 'active', 'name']);
    expect(screen.getByText('sensor')).toBeTruthy();
  });

  it('lists an array with its indexes and a sparkline when all items are numbers', () => {
    render(<ValueView value={[1, 5, 3]} />);
    expect(screen.getByRole('img', { name: 'trend from 1 to 5' })).toBeTruthy();
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    render(<ValueView value={[1, 'x']} />);
    expect(screen.getAllByRole('img')).toHaveLength(1);
  });

  it('draws nesting inline to depth 3, then collapses behind the path', async () => {
    const value = { env: { sensors: [{ t: 1 }, { t: 2 }, { t: { deep: 3 } }] } };
    render(<ValueView value={value} />);
    const summary = screen.getByText('env.sensors[2]');
    expect(summary.closest('details')?.open).toBe(false);
    expect(screen.queryByText('deep')).toBeNull();
    await userEvent.click(summary);
    expect(screen.getByText('deep')).toBeTruthy();
  });

  it('shows the start of a value over 64 KiB and the rest on demand', async () => {
    const big = 'x'.repeat(70_000);
    render(<ValueView value={{ blob: big }} />);
    const more = screen.getByRole('button', { name: /^Show all \(70\.0 kB\)$/ });
    await userEvent.click(more);
    expect(screen.getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['blob']);
  });
});
