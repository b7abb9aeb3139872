// Lessons and task texts: Markdown (from the course authors, who are trusted: it comes from git) with
// {{placeholders}} such as {{ip.web}}, {{vip}}, {{subnet.lan}} filled from the running lab's values.
// Until the lab runs, a placeholder stays visible and is marked as "filled in when the lab runs".
import { Marked } from 'marked';

const marked = new Marked({ gfm: true, breaks: false, async: false });

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Markdown → HTML with placeholders filled (or marked) after rendering, so they work in code blocks too. */
export function renderMarkdown(markdown: string, values?: Record<string, string>): string {
  const html = marked.parse(markdown) as string;
  return html.replace(/\{\{([a-zA-Z0-9_.-]+)\}\}/g, (whole, key: string) => {
    const value = values?.[key];
    if (value !== undefined) return `<span class="ph ph-filled" title="${escapeHtml(key)}">${escapeHtml(value)}</span>`;
    return `<span class="ph ph-pending" title="Filled in when the lab runs">${escapeHtml(whole)}</span>`;
  });
}

/** Inline Markdown (one line: task titles, hints) without a wrapping <p>. */
export function renderInline(markdown: string, values?: Record<string, string>): string {
  return renderMarkdown(markdown, values).replace(/^<p>([\s\S]*)<\/p>\n?$/, '$1');
}
