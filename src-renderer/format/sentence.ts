/**
 * Main's serial and flash messages double as log lines and may start in lower case ("no port at
 * …"); shown to a technician they start a sentence. Keeps the error's code for Details.
 */
export const sentence = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function asSentence(error: unknown): unknown {
  if (error instanceof Error) {
    const copy = Object.assign(
      Object.create(Object.getPrototypeOf(error) as object),
      error,
    ) as Error;
    copy.message = sentence(error.message);
    return copy;
  }
  return error;
}
