// Working days for the paper office (R14: stamped and shipped within 15 working days of receipt), on the
// mainland-China calendar: public holidays are days off and the make-up working days (调休) are working days, even
// on a weekend. The dates come from the chinese-days package, which follows the State Council's yearly notice, so
// that a new year's holidays arrive with a package update rather than with an edit of our own list.
import chineseDays from 'chinese-days';
import { localDay } from './local-time.js';

export function isWorkingDay(at: Date, timeZone: string): boolean {
  return chineseDays.isWorkday(localDay(at, timeZone));
}

/** The moment `days` working days after `from`, at the same time of day. */
export function addWorkingDays(from: Date, days: number, timeZone: string): Date {
  let at = new Date(from);
  for (let left = days; left > 0;) {
    at = new Date(at.getTime() + 24 * 3600 * 1000);
    if (isWorkingDay(at, timeZone)) left -= 1;
  }
  return at;
}

export function weekdayName(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long' }).format(at);
}
