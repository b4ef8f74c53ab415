/**
 * A box whose text changes often (a chart's numbers, four times a second) without making the
 * browser lay out the whole page again: the box gets the height its content measured and
 * `contain: strict`, which makes it a relayout boundary, so a changed number relayouts the box
 * alone. In the bench's page of 21 charts each update otherwise relaid out all ~3,800 objects of
 * the page (5–11 ms each). The content is watched: when it really changes height (a row more,
 * the stats line wrapping, a font size) the box follows, at the cost of one page layout.
 * The box sits in a plain block: Chromium never lays out a flex or grid item on its own.
 */
import { useLayoutEffect, useRef, type ReactNode } from 'react';

export function LayoutBoundary({ children }: { children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const outer = box.current;
    const inner = content.current;
    if (!outer || !inner) return;
    const fit = (): void => {
      const h = inner.offsetHeight;
      // Not laid out (a hidden tab, jsdom): stay an ordinary box.
      if (h <= 0) return;
      outer.style.height = `${h}px`;
      outer.classList.add('layout-boundary-fixed');
    };
    fit();
    if (typeof ResizeObserver === 'undefined') return;
    const watch = new ResizeObserver(fit);
    watch.observe(inner);
    return () => watch.disconnect();
  }, []);
  return (
    <div className="layout-boundary-slot">
      <div className="layout-boundary" ref={box}>
        <div ref={content}>{children}</div>
      </div>
    </div>
  );
}
