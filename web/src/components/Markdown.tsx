import { useMemo } from 'react';
import { renderInline, renderMarkdown } from '../lib/markdown.js';

interface Props {
  text: string;
  values?: Record<string, string>;
  inline?: boolean;
  className?: string;
}

/** Rendered Markdown with lab placeholders filled in. */
export function Markdown({ text, values, inline, className }: Props) {
  const html = useMemo(() => (inline ? renderInline(text, values) : renderMarkdown(text, values)), [text, values, inline]);
  const Tag = inline ? 'span' : 'div';
  return <Tag className={className ?? (inline ? undefined : 'prose')} dangerouslySetInnerHTML={{ __html: html }} />;
}
