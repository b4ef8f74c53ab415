/**
 * The credential dialog's copying and closing: which Copy button says "Copied" (for a moment), a
 * failed copy, and closing that asks first ("Close anyway" / "Keep it open") until something was
 * copied. Focus follows the question: onto "Keep it open" when asked, back to Done when kept open.
 */
import { useEffect, useRef, useState } from 'react';
import { copyText } from '../../components/CopyButton';

/** How long a Copy button says "Copied". */
const COPIED_MS = 1_500;

export type CopyTarget = 'credential' | 'details';

export function useCopyBeforeClose(close: () => void) {
  const [copied, setCopied] = useState<CopyTarget | null>(null);
  const [everCopied, setEverCopied] = useState(false);
  const [copyFailed, setCopyFailed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const keepOpen = useRef<HTMLButtonElement>(null);
  const done = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);

  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(null), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  useEffect(() => {
    if (confirming) keepOpen.current?.focus();
    else if (asked.current) done.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);

  const copy = async (what: CopyTarget, text: string): Promise<void> => {
    try {
      await copyText(text);
      setEverCopied(true);
      setCopyFailed(false);
      setConfirming(false);
      setCopied(what);
    } catch {
      setCopyFailed(true);
    }
  };
  const requestClose = (): void => (everCopied ? close() : setConfirming(true));
  return {
    copied,
    copyFailed,
    confirming,
    keepOpenNow: () => setConfirming(false),
    copy,
    requestClose,
    keepOpen,
    done,
  };
}
