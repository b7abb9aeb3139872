// Lessons, task texts, hints and quiz explanations: Markdown with {{placeholders}} such as {{ip.web}},
// {{vip}}, {{subnet.lan}} filled from the running lab's values. Until the lab runs, a placeholder stays
// visible and is marked as "filled in when the lab runs".
//
// Course text is not trusted: a careless or compromised course (or a bad pull request to one) must not
// run script in learners' browsers, where their lab terminals and cookie are. So this is the only
// place that turns text into HTML, and everything it returns has been through DOMPurify: no scripts,
// event handlers, iframes, forms, <style> or style attributes, no classes but those this file
// writes (keptClasses), and no javascript: or other script-bearing URLs. Links to other origins get rel="noopener noreferrer". The server's CSP
// (server/http/plugins/headers.ts) is the second line; the sanitizer is meant to leave it nothing to block.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';
import { isHostName, parseFenceInfo } from '../../../shared/code-fence.js';
import { defuseHandlers } from './defuse.js';
import { t } from './i18n.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A code block keeps its language class (`language-sh`) and, when its fence names a lab host
 * (```sh @director, shared/code-fence.ts), says so in `data-host`: the Markdown component reads it to
 * send the block's Run to that host's terminal.
 */
function codeBlock({ text, lang, escaped }: { text: string; lang?: string; escaped?: boolean }): string {
  const info = parseFenceInfo(lang);
  const code = text ? `${text.replace(/\n$/, '')}\n` : '';
  const cls = info.lang ? ` class="language-${escapeHtml(info.lang)}"` : '';
  const host = info.host ? ` data-host="${info.host}"` : '';
  return `<pre${host}><code${cls}>${escaped ? code : escapeHtml(code)}</code></pre>\n`;
}

const marked = new Marked({ gfm: true, breaks: false, async: false, renderer: { html: ({ text }) => defuseHandlers(text), code: codeBlock } });

const purify = DOMPurify(window);
/**
 * The classes course HTML may carry: a code block's language (on <code>) and a placeholder's marks (on
 * <span>), which this file writes. No other: the app's own classes style its layout, and a lesson that
 * borrowed them (`exercise-page has-lab lab-layout is-maximised` > `lab-pane`: fixed, the whole
 * viewport, the top bar hidden) laid a fake dialog over the page, as the forbidden style attribute would.
 */
function keptClasses(node: Element, value: string): string {
  const ok = (c: string) => (node.nodeName === 'CODE' ? /^language-\S+$/.test(c) : node.nodeName === 'SPAN' && /^ph(-filled|-pending)?$/.test(c));
  return value.split(/\s+/).filter(ok).join(' ');
}

purify.addHook('afterSanitizeAttributes', (node) => {
  const cls = node.getAttribute('class');
  if (cls !== null) {
    const kept = keptClasses(node, cls);
    if (kept) node.setAttribute('class', kept);
    else node.removeAttribute('class');
  }
  // A `data-host` must name a host as the topology spells them: the attribute is also reachable from raw HTML.
  const host = node.getAttribute('data-host');
  if (host !== null && (node.nodeName !== 'PRE' || !isHostName(host))) node.removeAttribute('data-host');
  if (node.nodeName !== 'A' || !node.hasAttribute('href')) return;
  let external = true;
  try {
    external = new URL(node.getAttribute('href')!, location.href).origin !== location.origin;
  } catch {
    // An href the URL parser refuses: treat it as leaving the app.
  }
  if (external) node.setAttribute('rel', 'noopener noreferrer');
  else node.removeAttribute('rel');
});

const PURIFY_CONFIG = {
  USE_PROFILES: { html: true, svg: true }, // SVG for lab diagrams; no MathML
  FORBID_TAGS: ['style', 'form', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link'],
  // Inline styles could lay a fake dialog over the page (so could the app's classes: keptClasses).
  FORBID_ATTR: ['style'],
  ALLOW_DATA_ATTR: false,
  // The one data attribute kept: a code block's lab host (checked in the hook above).
  ADD_ATTR: ['data-host'],
};

/** The one way to HTML for anything that came from a course: sanitized, external links marked. */
export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, PURIFY_CONFIG);
}

/**
 * The renderer's HTML, or, for text it cannot take, the text itself. marked recurses once per level of
 * nesting: quotes nested 10 000 deep (10 KB of `>`) overflow the stack, and an exception here unmounted
 * the whole app, a blank page for every learner who opened the roadmap.
 */
function parseMarkdown(markdown: string): string {
  try {
    return marked.parse(markdown) as string;
  } catch {
    return `<p>${escapeHtml(markdown)}</p>\n`;
  }
}

export interface RenderOptions {
  /** Lab values for {{placeholders}}; without them placeholders are shown as pending. */
  values?: Record<string, string>;
  /** One line (task titles) without a wrapping <p>. */
  inline?: boolean;
}

/**
 * Markdown → safe HTML. Placeholders are filled (or marked) after rendering, so they work in code
 * blocks too, and before sanitizing, so nothing they add escapes it either.
 */
export function renderMarkdown(markdown: string, { values, inline = false }: RenderOptions = {}): string {
  let html = parseMarkdown(markdown).replace(/\{\{([a-zA-Z0-9_.-]+)\}\}/g, (whole, key: string) => {
    const value = values && Object.hasOwn(values, key) ? values[key] : undefined; // {{constructor}} is no value
    if (value !== undefined) return `<span class="ph ph-filled" title="${escapeHtml(key)}">${escapeHtml(value)}</span>`;
    return `<span class="ph ph-pending" title="${escapeHtml(t('markdown.pending'))}">${escapeHtml(whole)}</span>`;
  });
  if (inline) html = html.replace(/^<p>([\s\S]*)<\/p>\n?$/, '$1');
  return sanitizeHtml(html);
}
