import { Component, type ReactNode } from 'react';
import { en } from '../i18n/messages.ts';

/** Last resort: a rendering fault shows a message and a way out, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="page" id="main">
        <div className="alert alert-error" role="alert">
          {en['common.error']} / 出错了，请重试。
        </div>
        <p>
          <a href="/">{en['common.home']}</a>
        </p>
      </main>
    );
  }
}
