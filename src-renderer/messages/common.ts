/** Words used across views. */
export const common = {
  close: 'Close',
  user: 'User',
  cancel: 'Cancel',
  retry: 'Retry',
  copy: 'Copy',
  copied: 'Copied',
  details: 'Details',
  copyDetails: 'Copy details',
  save: 'Save',
  loading: 'Loading…',
  status: {
    online: 'online',
    quiet: 'quiet',
    offline: 'offline',
    unknown: 'unknown (no contact)',
    warning: 'warning',
    failed: 'failed',
  },
  errorCode: 'Code',
  /** Sentences for API error codes that carry no better message of their own. */
  errors: {
    UNAVAILABLE: 'Lost contact with IoTMP Studio. Actions resume when it is back.',
    TIMEOUT: 'No answer in time. The device may be busy; try again.',
    DEVICE_OFFLINE: 'The device is offline. Actions resume when it reconnects.',
    DEVICE_DISCONNECTED: 'The device went offline before answering.',
    DEVICE_BUSY: 'The device has too many requests or streams open. Try again shortly.',
    UNAUTHORIZED: 'The console link is not valid any more. Open the link printed at start-up.',
    RATE_LIMITED: 'Too many requests at once. Try again shortly.',
    INTERNAL: 'Something went wrong inside IoTMP Studio. The details are in its log.',
  } as Record<string, string>,
} as const;
