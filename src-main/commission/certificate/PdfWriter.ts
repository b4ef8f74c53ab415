/**
 * A small flowing-text layer over pdf-lib for certificates and summaries: headings, key/value
 * lines, wrapped paragraphs and tables with page breaks, in the standard PDF fonts (no font files
 * to ship). Text is reduced to what those fonts encode (WinAnsi).
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;

/** Characters the standard fonts lack, spelled with ones they have. */
const SUBSTITUTES: Record<string, string> = {
  '≤': '<=',
  '≥': '>=',
  '←': '<-',
  '→': '->',
  '−': '-',
  '✓': 'ok',
  '✗': 'x',
  '\u202f': ' ',
  '\u00a0': ' ',
};

function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const sub = SUBSTITUTES[ch];
    if (sub !== undefined) out += sub;
    else if (
      /[\x20-\x7e\u00a1-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/u.test(ch)
    )
      out += ch;
    else if (ch === '\t') out += ' ';
    else out += '?';
  }
  return out;
}

export const COLORS = {
  text: rgb(0.1, 0.1, 0.12),
  muted: rgb(0.42, 0.44, 0.48),
  pass: rgb(0.08, 0.5, 0.24),
  fail: rgb(0.75, 0.13, 0.13),
  warn: rgb(0.65, 0.45, 0.05),
  rule: rgb(0.82, 0.83, 0.86),
};

export interface Column {
  header: string;
  width: number;
  mono?: boolean;
}

export class PdfWriter {
  private page!: PDFPage;
  private y = 0;

  private constructor(
    readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly mono: PDFFont,
    private readonly footer: string,
  ) {
    this.newPage();
  }

  static async create(title: string, footer: string): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(winAnsi(title));
    doc.setProducer('IoTMP Studio');
    doc.setCreator('IoTMP Studio');
    const [regular, bold, mono] = await Promise.all([
      doc.embedFont(StandardFonts.Helvetica),
      doc.embedFont(StandardFonts.HelveticaBold),
      doc.embedFont(StandardFonts.Courier),
    ]);
    return new PdfWriter(doc, regular, bold, mono, footer);
  }

  get width(): number {
    return A4[0] - 2 * MARGIN;
  }

  private newPage(): void {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
    const n = this.doc.getPageCount();
    this.page.drawText(winAnsi(`${this.footer} - page ${n}`), {
      x: MARGIN,
      y: MARGIN / 2,
      size: 7.5,
      font: this.regular,
      color: COLORS.muted,
    });
  }

  private room(h: number): void {
    if (this.y - h < MARGIN) this.newPage();
  }

  /** Lines of `text` that fit `width` at `size` (long words are cut). */
  wrap(text: string, width: number, size: number, font: PDFFont = this.regular): string[] {
    const out: string[] = [];
    for (const para of winAnsi(text).split('\n')) {
      let line = '';
      for (const word of para.split(' ')) {
        let w = word;
        const next = line ? `${line} ${w}` : w;
        if (font.widthOfTextAtSize(next, size) <= width) {
          line = next;
          continue;
        }
        if (line) out.push(line);
        while (font.widthOfTextAtSize(w, size) > width && w.length > 1) {
          let cut = w.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(w.slice(0, cut), size) > width) cut--;
          out.push(w.slice(0, cut));
          w = w.slice(cut);
        }
        line = w;
      }
      out.push(line);
    }
    return out;
  }

  space(h: number): void {
    this.y -= h;
  }

  title(text: string, size = 18): void {
    this.room(size + 6);
    this.y -= size;
    this.page.drawText(winAnsi(text), {
      x: MARGIN,
      y: this.y,
      size,
      font: this.bold,
      color: COLORS.text,
    });
    this.y -= 6;
  }

  /** A large coloured word (PASS / FAIL) with a line beside it. */
  verdict(word: string, color: RGB, beside: string): void {
    this.room(34);
    this.y -= 28;
    this.page.drawText(winAnsi(word), { x: MARGIN, y: this.y, size: 28, font: this.bold, color });
    const w = this.bold.widthOfTextAtSize(winAnsi(word), 28);
    this.page.drawText(winAnsi(beside), {
      x: MARGIN + w + 14,
      y: this.y + 6,
      size: 11,
      font: this.regular,
      color: COLORS.text,
    });
    this.y -= 10;
  }

  heading(text: string): void {
    this.room(30);
    this.y -= 16;
    this.page.drawText(winAnsi(text), {
      x: MARGIN,
      y: this.y,
      size: 11.5,
      font: this.bold,
      color: COLORS.text,
    });
    this.y -= 4;
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + this.width, y: this.y },
      thickness: 0.6,
      color: COLORS.rule,
    });
    this.y -= 4;
  }

  /** `key   value` lines; values wrap in their column. */
  fields(rows: readonly (readonly [string, string, { mono?: boolean; color?: RGB }?])[]): void {
    const size = 9;
    const keyW = 120;
    for (const [k, v, o] of rows) {
      const font = o?.mono ? this.mono : this.regular;
      const lines = this.wrap(v || '-', this.width - keyW, size, font);
      this.room(lines.length * 12 + 2);
      this.y -= 12;
      this.page.drawText(winAnsi(k), {
        x: MARGIN,
        y: this.y,
        size,
        font: this.bold,
        color: COLORS.muted,
      });
      lines.forEach((l, i) => {
        if (i > 0) this.y -= 12;
        this.page.drawText(l, {
          x: MARGIN + keyW,
          y: this.y,
          size,
          font,
          color: o?.color ?? COLORS.text,
        });
      });
    }
    this.y -= 2;
  }

  paragraph(text: string, color: RGB = COLORS.text, size = 9): void {
    for (const l of this.wrap(text, this.width, size)) {
      this.room(12);
      this.y -= 12;
      this.page.drawText(l, { x: MARGIN, y: this.y, size, font: this.regular, color });
    }
  }

  /** A table; `colorOf` colours a row's first cell (status). Widths are fractions of the page. */
  table(
    columns: readonly Column[],
    rows: readonly string[][],
    colorOf?: (row: string[]) => RGB,
  ): void {
    const size = 8;
    // One cell per column: a missing cell prints as "-".
    const drawRow = (cells: string[], header: boolean, color?: RGB) => {
      const laid = columns.map((c, i) => {
        const width = c.width * this.width;
        const font = header ? this.bold : c.mono ? this.mono : this.regular;
        return { width, font, lines: this.wrap(cells[i] || '-', width - 6, size, font) };
      });
      const h = Math.max(...laid.map((cell) => cell.lines.length)) * 10 + 4;
      this.room(h + (header ? 0 : 0));
      let x = MARGIN;
      const top = this.y;
      laid.forEach(({ width, font, lines }, i) => {
        lines.forEach((l, j) => {
          this.page.drawText(l, {
            x,
            y: top - 10 - j * 10,
            size,
            font,
            color: header ? COLORS.muted : i === 0 && color ? color : COLORS.text,
          });
        });
        x += width;
      });
      this.y = top - h;
      this.page.drawLine({
        start: { x: MARGIN, y: this.y + 1 },
        end: { x: MARGIN + this.width, y: this.y + 1 },
        thickness: 0.3,
        color: COLORS.rule,
      });
    };
    drawRow(
      columns.map((c) => c.header),
      true,
    );
    for (const r of rows) {
      if (this.y - 14 < MARGIN) {
        this.newPage();
        drawRow(
          columns.map((c) => c.header),
          true,
        );
      }
      drawRow(r, false, colorOf?.(r));
    }
  }

  save(): Promise<Uint8Array> {
    return this.doc.save();
  }
}
