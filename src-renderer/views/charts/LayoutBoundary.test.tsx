// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LayoutBoundary } from './LayoutBoundary';

afterEach(() => vi.restoreAllMocks());

describe('LayoutBoundary', () => {
  it('fixes its box to the height its content measured, as a contained box', () => {
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(57);
    render(
      <LayoutBoundary>
        <p>21.45</p>
      </LayoutBoundary>,
    );
    const box = screen.getByText('21.45').closest('.layout-boundary') as HTMLElement;
    expect(box.style.height).toBe('57px');
    expect(box.classList.contains('layout-boundary-fixed')).toBe(true);
  });

  it('stays an ordinary box while its content is not laid out (a hidden tab)', () => {
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(0);
    render(
      <LayoutBoundary>
        <p>21.45</p>
      </LayoutBoundary>,
    );
    const box = screen.getByText('21.45').closest('.layout-boundary') as HTMLElement;
    expect(box.style.height).toBe('');
    expect(box.classList.contains('layout-boundary-fixed')).toBe(false);
  });
});
