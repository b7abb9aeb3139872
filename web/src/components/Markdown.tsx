import { useMemo } from 'react';
import { renderMarkdown } from '../lib/markdown.js';

interface Props {
  text: string;
  values?: Record<string, string>;
  inline?: boolean;
  className?: string;
}

/**
 * Rendered Markdown with lab placeholders filled in. The only component that sets HTML: what it sets
 * comes from renderMarkdown, which sanitizes it (test/web/html-sinks.test.ts keeps it that way).
 */
export function Markdown({ text, values, inline, className }: Props) {
  const html = useMemo(() => renderMarkdown(text, { values, inline }), [text, values, inline]);
  const Tag = inline ? 'span' : 'div';
  // biome-ignore lint/security/noDangerouslySetInnerHtml: html comes from renderMarkdown, which sanitizes it with DOMPurify (test/web/html-sinks.test.ts keeps this the only sink).
  return <Tag className={className ?? (inline ? undefined : 'prose')} dangerouslySetInnerHTML={{ __html: html }} />;
}
