import { describe, expect, it } from 'vitest';
import { exportFileName, toCsv, toJson } from './exportBuffer';
import { SampleBuffer } from './SampleBuffer';

const T0 = Date.UTC(2026, 10, 25, 13, 2, 11, 42);

describe('exporting a chart buffer', () => {
  it('writes ISO time with ms, epoch ms and one column per field; breaks are left out', () => {
    const b = new SampleBuffer();
    b.push(T0, { env: { temp: 21.5 }, on: true });
    b.pushBreak(T0 + 500);
    b.push(T0 + 1_000, { env: { temp: 22, hum: 40 }, on: false });
    expect(toCsv(b, 'climate').split('\n')).toEqual([
      'time,epoch_ms,env.temp,on,env.hum',
      `2026-11-25T13:02:11.042Z,${T0},21.5,true,`,
      `2026-11-25T13:02:12.042Z,${T0 + 1_000},22,false,40`,
      '',
    ]);
  });

  it('names a bare number after its resource and quotes names that need it', () => {
    const b = new SampleBuffer();
    b.push(T0, 3);
    expect(toCsv(b, 'temp, °C').split('\n')[0]).toBe('time,epoch_ms,"temp, °C"');
  });

  it('exports JSON rows with the same columns', () => {
    const b = new SampleBuffer();
    b.push(T0, { a: 1 });
    const doc = JSON.parse(toJson(b, { user: 'site', device: 'thermo', resource: 'r' }));
    expect(doc).toMatchObject({
      user: 'site',
      device: 'thermo',
      resource: 'r',
      fields: [{ name: 'a', kind: 'number' }],
      samples: [{ time: '2026-11-25T13:02:11.042Z', epoch_ms: T0, a: 1 }],
    });
  });

  it('names the file <device>_<resource>_<YYYYMMDD-HHmmss>, local time, safe characters', () => {
    const at = new Date(2026, 10, 25, 14, 2, 11);
    expect(exportFileName({ device: 'thermo', resource: 'temperature' }, at, 'csv')).toBe(
      'thermo_temperature_20261125-140211.csv',
    );
    expect(exportFileName({ device: 'dev:7', resource: 'relay/1' }, at, 'json')).toBe(
      'dev-7_relay-1_20261125-140211.json',
    );
  });
});
