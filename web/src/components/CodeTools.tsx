import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { commandsOf, SHELL_LANGS } from '../../../shared/code-fence.js';
import { copyText } from '../lib/clipboard.js';
import { sendToTerminal, terminalsListening, watchTerminals } from '../lib/terminalBus.js';
import { useCodeRun } from './CodeRunScope.js';

interface Props {
  /** The block's text as the learner sees it now (placeholders filled or pending): read on each click. */
  text: () => string;
  /** Its language ('' for none); shell languages (shared/code-fence.ts) may be run. */
  lang: string;
  /** The lab host its fence names (```sh @director); absent: the terminal in use. */
  host?: string;
  /** Some {{placeholder}} in it waits for the lab's values. */
  pending: boolean;
}

const STATUS_MS = 2500;

/**
 * The bar above a code block: Copy, and for a shell block on an exercise with a lab, Run (types it
 * into the host's terminal and presses Enter). A button that cannot act says why when pressed
 * (aria-disabled, so it stays focusable and its reason is heard), and every outcome is announced in a
 * polite live region.
 */
export function CodeTools({ text, lang, host, pending }: Props) {
  const scope = useCodeRun();
  const listening = useSyncExternalStore(watchTerminals, terminalsListening, () => false);
  const [status, setStatus] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const say = (message: string) => {
    clearTimeout(timer.current);
    setStatus(message);
    timer.current = setTimeout(() => setStatus(''), STATUS_MS);
  };

  const isConsole = lang === 'console';
  const copy = async () => say((await copyText(commandsOf(text(), lang))) ? 'Copied' : 'Copy failed: select the text and copy it by hand');

  const runnable = scope !== undefined && SHELL_LANGS.has(lang);
  const unknownHost = host !== undefined && scope !== undefined && !scope.hosts.includes(host);
  const why = unknownHost
    ? `This lab has no host ${host}`
    : !listening
      ? 'Start the lab first: Run types into its terminal'
      : pending
        ? 'Waiting for the lab’s addresses'
        : undefined;
  const target = host ? `${host}’s terminal` : 'the terminal';
  const run = () => {
    if (why) return say(why);
    const answer = sendToTerminal({ text: commandsOf(text(), lang), host, run: true });
    if (answer.ok) say(`Sent to ${answer.host}’s terminal`);
    else say(answer.reason === 'no-such-host' ? `This lab has no host ${host}` : 'The lab’s terminals are not open yet');
  };

  return (
    <div className="code-tools">
      <span className="code-label">
        {lang || (runnable ? 'shell' : '')}
        {host && <span className="code-host"> @{host}</span>}
      </span>
      <span className="code-status" role="status">
        {status}
      </span>
      <button
        type="button"
        className="code-btn"
        title={isConsole ? 'Copies the commands, without prompts and output' : 'Copies the block as shown'}
        onClick={() => void copy()}
      >
        Copy
      </button>
      {runnable && (
        <button
          type="button"
          className="code-btn code-run"
          aria-disabled={why ? true : undefined}
          title={why ?? `Types it into ${target} and runs it`}
          onClick={run}
        >
          {host ? `Run on ${host}` : 'Run'}
        </button>
      )}
    </div>
  );
}
