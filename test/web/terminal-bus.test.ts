// The terminal bus's rule for typed text: only a connected terminal takes it. A reconnecting
// terminal (TerminalClient) keeps at most a few KiB of input and an ended one none, so before this
// rule a lesson's Run said "Sent" while a long script ran in part, or not at all.
import { describe, expect, it } from 'vitest';
import { takesText } from '../../web/src/lib/terminalBus.js';

describe('terminal bus: which terminals take a Run', () => {
  it('an open terminal takes the text', () => {
    expect(takesText('open')).toBe(true);
  });
  it.each(['connecting', 'retrying', 'ended', undefined])('a %s terminal does not: the button says nothing was sent', (state) => {
    expect(takesText(state)).toBe(false);
  });
});
