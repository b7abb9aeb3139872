import { useT } from '../lib/i18n.js';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { readBlock } from '../../../shared/code-fence.js';
import { copyText } from '../lib/clipboard.js';
import { sendToTerminal, terminalsListening, watchTerminals } from '../lib/terminalBus.js';
import { useCodeRun } from './CodeRunScope.js';

interface Props {
  /** The block's text as the learner sees it (placeholders filled, or still {{pending}}). */
  text: string;
  /** Its language ('' for none). */
  lang: string;
  /** The lab host its fence names (```sh @director). */
  host?: string;
  /** Some {{placeholder}} in it waits for the lab's values. */
  pending: boolean;
}

const STATUS_MS = 2500;

/**
 * Characters that show nothing, or reorder what is shown, but mean something to a shell: every
 * control character but tab and line feed (an escape starts readline's commands; a carriage return
 * shows as nothing in a <pre> yet is Enter when typed), and every format character (Unicode's Cf:
 * zero-width spaces and joiners, soft hyphens, bidirectional marks, overrides and isolates, tag
 * characters), which show nothing or show text in one order while it is typed in another.
 */
const INVISIBLE = /(?![\t\n])[\p{Cc}\p{Cf}]/gu;

/** `text` without the characters a reader cannot see (INVISIBLE): Copy and Run take what is shown. */
export const withoutInvisible = (text: string): string => text.replace(INVISIBLE, '');

/**
 * The bar above a code block: Copy, and for commands on an exercise with a lab, Run (types them into
 * a host's terminal and presses Enter; shared/code-fence.ts says what a block's commands are and
 * where they run). A button that cannot act says why when pressed (aria-disabled, so it stays
 * focusable and its reason is heard), and every outcome is announced in a polite live region.
 */
export function CodeTools({ text, lang, host: marked, pending }: Props) {
  const { t } = useT();
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

  const shown = withoutInvisible(text);
  const block = readBlock(shown, { lang, host: marked });
  const transcript = block.text !== shown.trimEnd();
  const copy = async () => say((await copyText(block.text)) ? t('code.copied') : t('code.copyFailed'));

  // Where it runs: the fence's host, else the one host its prompts name, else the terminal in use.
  const labHosts = block.promptHosts.filter((h) => scope?.hosts.includes(h));
  const host = marked ?? (labHosts.length === 1 ? labHosts[0] : undefined);
  const runnable = scope !== undefined && block.runnable && (host !== undefined || labHosts.length < 2);
  const why =
    host !== undefined && !scope?.hosts.includes(host)
      ? t('code.noHost', { host })
      : !listening
        ? t('code.startFirst')
        : pending
          ? t('code.waiting')
          : undefined;
  const run = () => {
    if (why) return say(why);
    const answer = sendToTerminal({ text: block.text, host, run: true });
    if (answer.ok) say(t('code.sent', { host: answer.host }));
    else if (answer.reason === 'no-such-host') say(t('code.noHost', { host }));
    else if (answer.reason === 'not-connected') say(t('code.notConnected', { host: answer.host }));
    else say(t('code.notOpen'));
  };

  return (
    <div className="code-tools">
      <span className="code-label">
        {lang}
        {host && <span className="code-host">{lang ? ' ' : ''}@{host}</span>}
      </span>
      <span className="code-status" role="status">
        {status}
      </span>
      <button type="button" className="code-btn" title={transcript ? t('code.copyCommands') : t('code.copyBlock')} onClick={() => void copy()}>
        {t('code.copy')}
      </button>
      {runnable && (
        <button
          type="button"
          className="code-btn code-run"
          aria-disabled={why ? true : undefined}
          title={why ?? t(`code.runs.${transcript ? 'commands' : 'block'}${host ? 'OnHost' : ''}`, { host })}
          onClick={run}
        >
          {host ? t('code.runOn', { host }) : t('code.run')}
        </button>
      )}
    </div>
  );
}
