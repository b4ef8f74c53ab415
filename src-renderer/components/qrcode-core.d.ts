/**
 * The part of the `qrcode` package the renderer uses: its pure encoder. (`@types/qrcode` pulls in
 * Node's types, which the web tsconfig keeps out of renderer code; the encoder itself uses none.)
 */
declare module 'qrcode/lib/core/qrcode' {
  export function create(
    text: string,
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' },
  ): { modules: { size: number; data: Uint8Array } };
}
