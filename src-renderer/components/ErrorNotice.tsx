/** An error in words, the next step, and a Details disclosure with code and Copy (UI.md §1). */
import { errorText } from '../api/errorText';
import { messages } from '../messages';
import { CopyButton } from './CopyButton';

export function ErrorNotice({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  /** What failed, e.g. "Could not read the device list." */
  title?: string;
  onRetry?: () => void;
}) {
  const text = errorText(error);
  const details = [text.code && `${messages.common.errorCode}: ${text.code}`, text.detail]
    .filter(Boolean)
    .join('\n');
  return (
    <div role="alert" className="error-notice">
      <p>
        {title ? <strong>{title} </strong> : null}
        {text.message}
      </p>
      <div className="row">
        {onRetry && (
          <button type="button" className="btn" onClick={onRetry}>
            {messages.common.retry}
          </button>
        )}
        {details && (
          <details>
            <summary>{messages.common.details}</summary>
            <pre className="mono">{details}</pre>
            <CopyButton text={`${text.message}\n${details}`} label={messages.common.copyDetails} />
          </details>
        )}
      </div>
    </div>
  );
}
