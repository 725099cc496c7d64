// A moment as the wall clock of a time zone reads it. Building an Intl.DateTimeFormat costs far more than using one
// (a quarter of a contract PDF's rendering time went to building one per audit row), so each is built once per zone.
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string, withTime: boolean, seconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withTime}|${seconds}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
      ...(seconds ? { second: '2-digit' } : {}),
    });
    formats.set(key, f);
  }
  return f;
}

/** YYYY-MM-DD. */
export function localDay(at: Date, timeZone: string): string {
  return format(timeZone, false, false).format(at);
}

/** YYYY-MM-DD HH:mm, or HH:mm:ss with `seconds`; 24-hour. */
export function localTime(at: Date, timeZone: string, opts: { seconds?: boolean } = {}): string {
  const seconds = opts.seconds ?? false;
  const p: Record<string, string> = {};
  for (const x of format(timeZone, true, seconds).formatToParts(at)) p[x.type] = x.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
}
