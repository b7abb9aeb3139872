// Dates, times, numbers and sizes in the learner's language, through Intl: one place, so the check
// history, the lab clock and the lab view agree. Pure functions of (value, locale): no DOM, no state
// (the unit tests call them with each locale).
import type { Locale } from '../../../shared/i18n.js';

/** "14:32" (or "14:32:05" with seconds): a clock time, 24-hour in both languages (ops people read logs that way). */
export function clockTime(t: number | Date, locale: Locale, withSeconds = false): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: withSeconds ? '2-digit' : undefined, hourCycle: 'h23' }).format(t);
}

/** A moment in the history: date and time to the second ("6 Dec 2026, 14:32:05", "2026年12月6日 14:32:05"). */
export function dateTime(iso: string | number | Date, locale: Locale): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23' }).format(d);
}

/** A count with the language's grouping ("12,345"). */
export function integer(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** Bytes in B, KiB, MiB with one decimal, the number in the language's digits and separators. */
export function byteSize(n: number, locale: Locale): string {
  const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (n < 1024) return `${n} B`; // at most four digits: no grouping, as `ls -l` writes them
  if (n < 1024 * 1024) return `${one.format(n / 1024)} KiB`;
  return `${one.format(n / 1024 / 1024)} MiB`;
}
