/** Each view behind its own error boundary: one view failing never blanks the app (UI.md §2). */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { CopyButton } from '../components/CopyButton';
import { messages } from '../messages';

interface State {
  error: Error | null;
  attempt: number;
}

export class ViewBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, attempt: 0 };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('view failed', error, info.componentStack);
  }

  override render() {
    const { error, attempt } = this.state;
    if (!error)
      return (
        <div key={attempt} className="view-body">
          {this.props.children}
        </div>
      );
    const t = messages.shell.boundary;
    return (
      <div role="alert" className="error-notice view-failed">
        <p>
          <strong>{t.failed}</strong> {error.message}
        </p>
        <div className="row">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => this.setState({ error: null, attempt: attempt + 1 })}
          >
            {t.reload}
          </button>
          <CopyButton
            text={`${error.message}\n${error.stack ?? ''}`}
            label={messages.common.copyDetails}
          />
        </div>
      </div>
    );
  }
}
