/** An error caused by what the user typed: printed as one line, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
