import { describe, expect, it } from 'vitest';
import { MAX_PLOT_VALUES, parsePlotLine } from './plotLine';

describe('parsePlotLine (the serial plotter)', () => {
  it('reads unnamed numbers by position, with any of the separators Arduino sketches print', () => {
    expect(parsePlotLine('21.5 40')).toEqual({ 'value 1': 21.5, 'value 2': 40 });
    expect(parsePlotLine('1\t-2,3e2;.5\r')).toEqual({
      'value 1': 1,
      'value 2': -2,
      'value 3': 300,
      'value 4': 0.5,
    });
  });

  it('reads label:value pairs, also with a space after the colon', () => {
    expect(parsePlotLine('temp:21.5,hum:40')).toEqual({ temp: 21.5, hum: 40 });
    expect(parsePlotLine('temp: 21.5  hum: 40')).toEqual({ temp: 21.5, hum: 40 });
    expect(parsePlotLine('x:1 2')).toEqual({ x: 1, 'value 2': 2 });
  });

  it('leaves text lines alone, even with digits in them', () => {
    for (const line of [
      '',
      '   ',
      'ets Jun  8 2016 00:22:57',
      'Connecting to wifi 3',
      'rst:0x1 (POWERON_RESET),boot:0x13',
      'temp:hot',
      '1.2.3',
      'NaN',
    ])
      expect(parsePlotLine(line)).toBeNull();
  });

  it('refuses a line of more numbers than a chart has series (a dump)', () => {
    expect(parsePlotLine(Array(MAX_PLOT_VALUES).fill('1').join(' '))).not.toBeNull();
    expect(
      parsePlotLine(
        Array(MAX_PLOT_VALUES + 1)
          .fill('1')
          .join(' '),
      ),
    ).toBeNull();
  });
});
