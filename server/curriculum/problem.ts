// A problem in a course file, as compilers print them: file:line:col: message.

export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
  /**
   * 'error' (the default) makes a course invalid; a 'warning' (a translation missing or stale) is
   * printed by `opslab validate` but refuses nothing.
   */
  severity?: 'error' | 'warning';
  /**
   * A translation's source stamp is missing or stale: `opslab i18n stamp` is what mends it, so it
   * must not refuse to stamp for it (in a stage that requires the locale it is an error).
   */
  stamp?: true;
}

export type PathPart = string | number;

/**
 * Some of `items` for a message ("a, b, c, … (97 more)"): a problem names what would have been
 * right, but a file may have thousands of them, and a message per mistake must stay short.
 */
export function someOf(items: readonly string[], max = 12): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown}, … (${items.length - max} more)` : shown;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}
