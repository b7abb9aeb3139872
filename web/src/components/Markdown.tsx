import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { renderMarkdown } from '../lib/markdown.js';
import { CodeTools } from './CodeTools.js';

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
  const html = useMemo(() => renderMarkdown(text, { values, inline }), [text, values, inline]);
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
      <Tag ref={root as never} className={className ?? (inline ? undefined : 'prose')} dangerouslySetInnerHTML={{ __html: html }} />
      {blocks.map((b, i) =>
        createPortal(<CodeTools text={b.code.textContent ?? ''} lang={b.lang} host={b.host} pending={b.pending} />, b.bar, `code-${i}`),
      )}
    </>
  );
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
