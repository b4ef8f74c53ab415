import { describe, expect, it } from 'vitest';
import { panelError } from './panelErrors';

const deviceError = (code: unknown, payload: unknown) => ({
  code: 'DEVICE_ERROR',
  message: 'the device answered ERROR to run x',
  detail: { code, payload },
});

describe('errors in a panel, in words', () => {
  it('quotes what the device answered, with its code', () => {
    expect(panelError(deviceError(408, { error: 'timed out' }))).toMatchObject({
      message: 'The device answered: timed out (408)',
      deviceCode: '408',
    });
    expect(panelError(deviceError(null, { message: 'no command provided' })).message).toBe(
      'The device answered: no command provided',
    );
    expect(panelError(deviceError(500, null)).message).toBe(
      'The device answered with an error (500).',
    );
  });

  it('a bare ERROR means the device no longer has the resource', () => {
    expect(panelError(deviceError(null, null))).toMatchObject({
      message: 'The device no longer has this resource. Refresh resources.',
      gone: true,
    });
  });

  it('names timeouts and disconnections', () => {
    expect(panelError({ code: 'TIMEOUT', message: 'x' }).message).toBe(
      'No answer in 30 s. The device may be busy; try again.',
    );
    expect(panelError({ code: 'DEVICE_DISCONNECTED', message: 'x' }).message).toBe(
      'The device went offline before answering.',
    );
  });
});
