/**
 * Fields that hold text which is not a value yet ("12.", "ab c") report it here, so the form
 * can hold back Send and say why while the field keeps what was typed.
 */
import { createContext, useCallback, useContext, useEffect, useState } from 'react';

export type ReportIssue = (key: string, message: string | null) => void;

export const FormIssues = createContext<ReportIssue>(() => {});

/** Reports `message` for the field at `key` while it is set, and clears it on unmount. */
export function useIssue(key: string, message: string | null): void {
  const report = useContext(FormIssues);
  useEffect(() => {
    report(key, message);
    return () => report(key, null);
  }, [report, key, message]);
}

/** Collects the issues of the fields below a `FormIssues.Provider`; `ok` when there are none. */
export function useIssueCollector(): { report: ReportIssue; ok: boolean } {
  const [issues, setIssues] = useState<Readonly<Record<string, string>>>({});
  const report = useCallback<ReportIssue>((key, message) => {
    setIssues((prev) => {
      if ((prev[key] ?? null) === message) return prev;
      const next = { ...prev };
      if (message === null) delete next[key];
      else next[key] = message;
      return next;
    });
  }, []);
  return { report, ok: Object.keys(issues).length === 0 };
}
