// The WebGL renderer when the browser can give it a context; xterm's DOM renderer otherwise, and
// again if the context is lost later (GPU reset, too many contexts): dispose the addon and xterm
// falls back to the DOM renderer by itself.
import type { IDisposable, Terminal } from '@xterm/xterm';
import { WebglAddon } from '@xterm/addon-webgl';

export function loadBestRenderer(term: Terminal, onFallback?: (why: string) => void): IDisposable {
  if (new URLSearchParams(location.search).get('renderer') === 'dom') return { dispose() {} };
  let addon: WebglAddon | undefined;
  try {
    addon = new WebglAddon();
    const lost = addon.onContextLoss(() => {
      lost.dispose();
      addon?.dispose();
      addon = undefined;
      onFallback?.('WebGL context lost');
    });
    term.loadAddon(addon);
  } catch (e) {
    addon?.dispose();
    addon = undefined;
    onFallback?.(e instanceof Error ? e.message : String(e));
  }
  return { dispose: () => addon?.dispose() };
}
