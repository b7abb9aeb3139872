import { type MouseEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useLocale } from '../lib/i18n.js';
import { renderMarkdown } from '../lib/markdown.js';
import { isAppPath, navigate } from '../lib/router.js';
import { CodeTools, withoutInvisible } from './CodeTools.js';

interface Props {
  text: string;
  values?: Record<string, string>;
  inline?: boolean;
  className?: string;
}

/** A code block of the rendered HTML and the bar (Copy, Run) shown above it. */
interface Block {
  bar: HTMLElement;
  code: HTMLElement;
  lang: string;
  host?: string;
  pending: boolean;
}

/**
 * Rendered Markdown with lab placeholders filled in. The only component that sets HTML: what it sets
 * comes from renderMarkdown, which sanitizes it (test/web/html-sinks.test.ts keeps it that way).
 *
 * Each code block then gets a bar with Copy and Run (CodeTools): after the sanitized HTML is in the
 * page, every <pre><code> is wrapped in a .code-block with an empty bar element, and React renders the
 * buttons into those bars through portals. No markup or handler goes through the HTML string.
 */
export function Markdown({ text, values, inline, className }: Props) {
  // The language is a dependency: a pending placeholder's title is in it.
  const locale = useLocale();
  // biome-ignore lint/correctness/useExhaustiveDependencies(locale): renderMarkdown reads the current language itself; the key makes a switch render again.
  const html = useMemo(() => renderMarkdown(text, { values, inline }), [text, values, inline, locale]);
  const root = useRef<HTMLElement>(null);
  const [blocks, setBlocks] = useState<Block[]>([]);

  useLayoutEffect(() => {
    const el = root.current;
    if (inline || !el || !html) return setBlocks([]);
    const found = wrapCodeBlocks(el);
    setBlocks(found);
    // Undo on the way out (StrictMode runs this twice; a new html replaces the nodes anyway).
    return () => {
      for (const b of found) {
        b.code.parentElement?.removeAttribute('tabindex');
        b.bar.parentElement?.replaceWith(b.code.parentElement!);
      }
    };
  }, [html, inline]);

  const Tag = inline ? 'span' : 'div';
  return (
    <>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: html comes from renderMarkdown, which sanitizes it with DOMPurify (test/web/html-sinks.test.ts keeps this the only sink). */}
      <Tag ref={root as never} className={className ?? (inline ? undefined : 'prose')} onClick={followAppLink} dangerouslySetInnerHTML={{ __html: html }} />
      {blocks.map((b, i) =>
        createPortal(<CodeTools text={b.code.textContent ?? ''} lang={b.lang} host={b.host} pending={b.pending} />, b.bar, `code-${i}`),
      )}
    </>
  );
}

/**
 * A plain click on a link to one of the app's own pages (a lesson's `[调度器](/glossary#director)`)
 * navigates inside the app, as the app's own links do, instead of loading the whole app again. Links
 * elsewhere, to files (/api/...), or with a modifier key or a target are left to the browser.
 */
function followAppLink(e: MouseEvent<HTMLElement>): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target instanceof Element ? e.target.closest('a') : null;
  if (!a?.hasAttribute('href') || a.hasAttribute('target') || a.hasAttribute('download')) return;
  let url: URL;
  try {
    url = new URL(a.getAttribute('href')!, location.href);
  } catch {
    return;
  }
  if (url.origin !== location.origin || !isAppPath(url.pathname)) return;
  e.preventDefault();
  navigate(url.pathname + url.search + url.hash);
}

/** Wraps each <pre><code> under `el` in a .code-block holding a bar for its tools; the blocks found. */
function wrapCodeBlocks(el: HTMLElement): Block[] {
  const blocks: Block[] = [];
  for (const pre of el.querySelectorAll('pre')) {
    const code = pre.firstElementChild;
    if (!(code instanceof HTMLElement) || code.tagName !== 'CODE' || pre.parentElement?.classList.contains('code-block')) continue;
    const wrap = document.createElement('div');
    wrap.className = 'code-block';
    const bar = document.createElement('div');
    bar.className = 'code-bar';
    showAll(pre, code);
    pre.replaceWith(wrap);
    wrap.append(bar, pre);
    // A long line scrolls sideways: keyboard users reach it too (axe: scrollable-region-focusable).
    pre.tabIndex = 0;
    blocks.push({
      bar,
      code,
      lang: /(?:^|\s)language-(\S+)/.exec(code.className)?.[1]?.toLowerCase() ?? '',
      host: pre.dataset.host,
      pending: code.querySelector('.ph-pending') !== null,
    });
  }
  return blocks;
}

/** The marks renderMarkdown gives lab placeholders: the one markup a code block keeps. */
const PLACEHOLDER = /^ph ph-(filled|pending)$/;

/**
 * Makes a code block hold only what it shows: its text and the lab placeholders' marks. Course text
 * is not trusted (lib/markdown.ts), and Copy and Run take the block's text: any other markup in it
 * could keep part of that text from the eye (a `hidden` span, a class that hides, a closed
 * <details>) while Copy puts it on the clipboard and Run types it. Each such element becomes its
 * text, shown (a <br> a line end); invisible characters go; the <pre> and <code> keep only the
 * attributes the app gives them (the host, the language).
 */
function showAll(pre: HTMLElement, code: HTMLElement): void {
  for (const node of [...code.childNodes]) {
    if (node.nodeType === Node.TEXT_NODE) {
      node.textContent = withoutInvisible(node.textContent ?? '');
    } else if (node instanceof HTMLElement && node.tagName === 'SPAN' && PLACEHOLDER.test(node.className)) {
      const mark = document.createElement('span');
      mark.className = node.className;
      mark.title = node.title;
      mark.textContent = withoutInvisible(node.textContent ?? '');
      node.replaceWith(mark);
    } else if (node instanceof Element) {
      node.replaceWith(node.tagName === 'BR' ? '\n' : withoutInvisible(node.textContent ?? ''));
    } else {
      node.remove(); // a comment
    }
  }
  const lang = /(?:^|\s)(language-\S+)/.exec(code.className)?.[1];
  for (const { name } of [...code.attributes]) code.removeAttribute(name);
  if (lang) code.className = lang;
  for (const { name } of [...pre.attributes]) if (name !== 'data-host') pre.removeAttribute(name);
}
