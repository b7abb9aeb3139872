// Swagger UI as the docs page shows it, made to pass the axe check the web app's pages pass
// (test/e2e/api-docs.test.ts): method badges, version badges, buttons and links dark enough for
// their text (WCAG AA, 4.5:1), example code blocks that wrap instead of scrolling (a scrollable
// region must be reachable by keyboard), and a name for its icon-only copy buttons. Served from our
// origin (/api/docs/static/theme/), so the app's Content-Security-Policy needs no exception.
const METHOD_COLORS: Record<string, string> = {
  get: '#1f6fb2',
  post: '#1e7a4f',
  put: '#9a5500',
  delete: '#b3262d',
  patch: '#22756a',
  head: '#7a3fa0',
  options: '#284d7a',
};

const css = [
  ...Object.entries(METHOD_COLORS).map(([m, c]) => `.swagger-ui .opblock.opblock-${m} .opblock-summary-method { background: ${c}; }`),
  '.swagger-ui .info .title small, .swagger-ui .info .title small.version-stamp { background: #4a5160; }',
  '.swagger-ui .info .title small pre, .swagger-ui .info .title small .version { color: #fff; }',
  '.swagger-ui .info a, .swagger-ui .info .url, .swagger-ui a.nostyle, .swagger-ui .info .link { color: #1a5fa8; }',
  '.swagger-ui .btn.authorize { color: #1e7a4f; border-color: #1e7a4f; }',
  '.swagger-ui .btn.authorize svg { fill: #1e7a4f; }',
  '.swagger-ui .btn.execute { background: #1f5f99; border-color: #1f5f99; color: #fff; }',
  '.swagger-ui .btn.cancel { color: #b3262d; border-color: #b3262d; }',
  '.swagger-ui .download-contents { background: #3b4151; color: #fff; }',
  '.swagger-ui .microlight, .swagger-ui .highlight-code > pre { overflow: visible !important; max-height: none !important; white-space: pre-wrap !important; word-break: break-word; }',
].join('\n');

/** Swagger UI's copy buttons are an icon only: give each one a name as it appears. */
const js = `(() => {
  const name = () => {
    for (const b of document.querySelectorAll('.copy-to-clipboard > button:not([aria-label])')) b.setAttribute('aria-label', 'Copy to the clipboard');
  };
  new MutationObserver(name).observe(document.documentElement, { childList: true, subtree: true });
})();
`;

export const DOCS_THEME = {
  title: 'opslab API',
  css: [{ filename: 'opslab.css', content: `${css}\n` }],
  js: [{ filename: 'opslab.js', content: js }],
};
