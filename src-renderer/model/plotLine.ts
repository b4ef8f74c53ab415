/**
 * The serial plotter's reading of a line (as Arduino IDE's Serial Plotter reads one): numbers
 * separated by spaces, tabs, commas or semicolons, each optionally named `label:value`
 * (`temp:21.5,hum:40`, `21.5 40`). Unnamed numbers are "value 1", "value 2"… by position. A line
 * with anything else in it (a boot banner, "Connecting to wifi 3") is text and is not plotted,
 * so a banner's digits never become a spike.
 */

/** More numbers than this in one line is a dump, not a handful of series. */
export const MAX_PLOT_VALUES = 32;

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** A label is anything printable but a separator or colon. */
const LABELED = /^([^\s:,;]+):(.+)$/;

/** The line's values by series name, or null when it is not a line of numbers. */
export function parsePlotLine(line: string): Record<string, number> | null {
  // "temp: 21.5" is common in sketches: the space after the colon belongs to the label.
  const text = line.trim().replace(/:\s+/g, ':');
  if (!text) return null;
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  if (!tokens.length || tokens.length > MAX_PLOT_VALUES) return null;
  const values: Record<string, number> = {};
  for (const [i, token] of tokens.entries()) {
    const [, label, labeledNumber] = LABELED.exec(token) ?? [];
    const [name, number] =
      label !== undefined && labeledNumber !== undefined
        ? [label, labeledNumber]
        : [`value ${i + 1}`, token];
    if (!NUMBER.test(number)) return null;
    values[name] = Number(number);
  }
  return values;
}
