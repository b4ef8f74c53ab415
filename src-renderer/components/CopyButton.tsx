/** Copies text and says so for 1.5 s. Works in the console tab (Clipboard API) and on desktop. */
import { useState, type ReactNode } from 'react';
import { messages } from '../messages';

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

export function CopyButton({
  text,
  label = messages.common.copy,
  className = 'btn',
  children,
}: {
  text: string | (() => string);
  label?: string;
  className?: string;
  children?: ReactNode;
}) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className={className}
      onClick={() => {
        void copyText(typeof text === 'function' ? text() : text).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1_500);
        });
      }}
    >
      {done ? messages.common.copied : (children ?? label)}
    </button>
  );
}
