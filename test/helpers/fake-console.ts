// A FAKE at the engine console boundary (EngineConsole, server/engine/vm/console.ts): a serial
// console with no VM behind it, for the CLI session and the admin console route. A test says what
// the "guest" prints (emit) and when QEMU "exits" (exit), and reads what was typed and the sizes
// asked for. The real console (node-pty, QEMU) is tested in test/engine/vm-console*.test.ts.
import type { ConsoleWatcher, EngineConsole } from '../../server/engine/vm/index.js';

export interface FakeConsole {
  console: EngineConsole;
  /** The guest prints `text` to every watcher. */
  emit(text: string): void;
  /** QEMU exits: every watcher is told, later ones at once. */
  exit(exit?: { code: number | null; signal: NodeJS.Signals | null }): void;
  /** Everything typed, in order, as text. */
  typed(): string;
  sizes: [number, number][];
  watchers(): number;
}

export function fakeEngineConsole(props: { backlog?: string } = {}): FakeConsole {
  const watchers = new Set<ConsoleWatcher>();
  const typed: string[] = [];
  const sizes: [number, number][] = [];
  let ended: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const console: EngineConsole = {
    attachConsole(watcher) {
      if (watcher.backlog && props.backlog) watcher.onData(Buffer.from(props.backlog));
      if (ended) {
        watcher.onExit(ended);
        return { write() {}, resize() {}, detach() {} };
      }
      watchers.add(watcher);
      return {
        write: (data) => watchers.has(watcher) && typed.push(Buffer.from(data).toString('utf8')),
        resize: (cols, rows) => watchers.has(watcher) && sizes.push([cols, rows]),
        detach: () => watchers.delete(watcher),
      };
    },
  };
  return {
    console,
    emit: (text) => {
      for (const w of [...watchers]) w.onData(Buffer.from(text));
    },
    exit: (exit = { code: 0, signal: null }) => {
      ended = exit;
      const all = [...watchers];
      watchers.clear();
      for (const w of all) w.onExit(exit);
    },
    typed: () => typed.join(''),
    sizes,
    watchers: () => watchers.size,
  };
}
