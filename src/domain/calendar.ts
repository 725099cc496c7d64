// Working days for the paper office (R14: stamped and shipped within 15 working days). Weekends are skipped in the
// account's time zone; public holidays are not modelled.

function weekday(at: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(at);
  return ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(name);
}

export function isWorkingDay(at: Date, timeZone: string): boolean {
  const d = weekday(at, timeZone);
  return d !== 0 && d !== 6;
}

/** The moment `days` working days after `from`, at the same time of day. */
export function addWorkingDays(from: Date, days: number, timeZone: string): Date {
  let at = new Date(from);
  for (let left = days; left > 0; ) {
    at = new Date(at.getTime() + 24 * 3600 * 1000);
    if (isWorkingDay(at, timeZone)) left -= 1;
  }
  return at;
}

export function weekdayName(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long' }).format(at);
}
