/**
 * A QR code drawn locally as SVG (UI.md §1: nothing fetched; the CSP needs no exception): one
 * path of dark modules on a light field with the 4-module quiet zone scanners expect. It stays
 * dark-on-light in both themes, because that is what phone scanners read reliably.
 */
import { useMemo } from 'react';
import './qrCode.css';
import { create } from 'qrcode/lib/core/qrcode';

const QUIET = 4;

export function qrPath(text: string): { size: number; d: string } {
  const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
  let d = '';
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) if (data[y * size + x]) d += `M${x} ${y}h1v1h-1z`;
  return { size, d };
}

export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  const full = size + 2 * QUIET;
  return (
    <svg
      role="img"
      aria-label={label}
      className="qr"
      viewBox={`${-QUIET} ${-QUIET} ${full} ${full}`}
      shapeRendering="crispEdges"
      data-modules={size}
    >
      <rect className="qr-light" x={-QUIET} y={-QUIET} width={full} height={full} />
      <path className="qr-dark" d={d} />
    </svg>
  );
}
