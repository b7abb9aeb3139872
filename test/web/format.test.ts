// Dates, times, counts and sizes in the learner's language (web/src/lib/format.ts), and the app's
// first language (web/src/lib/i18n.ts firstLocale): what was last saved, else the browser's.
import { describe, expect, it } from 'vitest';
import { byteSize, clockTime, dateTime, integer } from '../../web/src/lib/format.js';
import { firstLocale } from '../../web/src/lib/i18n.js';

// A fixed moment, written in the machine's zone so the expected clock reads the same anywhere.
const at = new Date(2026, 11, 6, 14, 32, 5);

describe('format', () => {
  it('writes clock times 24-hour in both languages, seconds on request', () => {
    expect(clockTime(at, 'en')).toBe('14:32');
    expect(clockTime(at, 'zh-CN')).toBe('14:32');
    expect(clockTime(at, 'en', true)).toBe('14:32:05');
  });

  it('writes a history time in each language’s own date order', () => {
    expect(dateTime(at, 'en')).toBe('Dec 6, 2026, 14:32:05');
    expect(dateTime(at, 'zh-CN')).toBe('2026年12月6日 14:32:05');
    expect(dateTime(at.toISOString(), 'zh-CN')).toBe('2026年12月6日 14:32:05');
    expect(dateTime('not a date', 'en')).toBe('not a date');
  });

  it('groups counts and writes sizes with one decimal', () => {
    expect(integer(1234567, 'en')).toBe('1,234,567');
    expect(integer(1234567, 'zh-CN')).toBe('1,234,567');
    expect(byteSize(512, 'en')).toBe('512 B');
    expect(byteSize(1023, 'en')).toBe('1023 B');
    expect(byteSize(1536, 'zh-CN')).toBe('1.5 KiB');
    expect(byteSize(5 * 1024 * 1024, 'en')).toBe('5.0 MiB');
  });
});

describe('firstLocale', () => {
  it('takes the language saved last, else the browser’s, else English', () => {
    expect(firstLocale('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(firstLocale(null, ['zh-Hans-CN', 'en'])).toBe('zh-CN');
    expect(firstLocale(null, ['zh-TW'])).toBe('en');
    expect(firstLocale('fr', ['fr-FR'])).toBe('en');
    expect(firstLocale(null, undefined)).toBe('en');
  });
});
