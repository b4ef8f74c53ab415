/** An error from main as a sentence (contract `sentence`), keeping its code for Details. */
import { sentence } from '@contract/sentence';

export { sentence };

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
