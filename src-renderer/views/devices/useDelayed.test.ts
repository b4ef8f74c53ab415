// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDelayed } from './useDelayed';

describe('useDelayed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns true only after the flag has stayed true for the delay', () => {
    const { result } = renderHook(({ flag }) => useDelayed(flag, 150), {
      initialProps: { flag: true },
    });
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(149));
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(true);
  });

  it('never turns true when the flag drops before the delay, and starts again when it rises', () => {
    const { result, rerender } = renderHook(({ flag }) => useDelayed(flag, 150), {
      initialProps: { flag: true },
    });
    act(() => vi.advanceTimersByTime(100));
    rerender({ flag: false });
    act(() => vi.advanceTimersByTime(500));
    expect(result.current).toBe(false);
    rerender({ flag: true });
    act(() => vi.advanceTimersByTime(100));
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(50));
    expect(result.current).toBe(true);
  });

  it('falls back to false as soon as the flag drops', () => {
    const { result, rerender } = renderHook(({ flag }) => useDelayed(flag, 150), {
      initialProps: { flag: true },
    });
    act(() => vi.advanceTimersByTime(200));
    expect(result.current).toBe(true);
    rerender({ flag: false });
    expect(result.current).toBe(false);
  });
});
