import { ApiError, errorMessage } from '../api.js';

/** An API (or any) error as the learner sees it: the server's message, its code in small print. */
export function ErrorNote({ error, title }: { error: unknown; title?: string }) {
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div className="note note-error" role="alert">
      {title && <strong>{title} </strong>}
      {errorMessage(error)}
      {code && <code className="note-code">{code}</code>}
    </div>
  );
}
