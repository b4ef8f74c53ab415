/** Reports the validity of a FormIssues provider's fields upward. */
import { useEffect } from 'react';

export function ValidityProbe({
  ok,
  onValidity,
}: {
  ok: boolean;
  onValidity: (ok: boolean) => void;
}) {
  useEffect(() => {
    onValidity(ok);
  }, [ok, onValidity]);
  return null;
}
