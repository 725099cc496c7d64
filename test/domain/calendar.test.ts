// Working days on the mainland-China calendar (R14), from the chinese-days package's official data.
import { describe, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay } from '../../src/domain/calendar.js';

const TZ = 'Asia/Shanghai';
const at = (day: string) => new Date(`${day}T02:00:00Z`); // 10:00 in Shanghai

describe('the paper office calendar', () => {
  it('knows the 2026 National Day holiday and its make-up Saturday', () => {
    expect(isWorkingDay(at('2026-10-01'), TZ)).toBe(false); // Thursday, holiday
    expect(isWorkingDay(at('2026-10-07'), TZ)).toBe(false); // Wednesday, holiday
    expect(isWorkingDay(at('2026-10-10'), TZ)).toBe(true); // Saturday, 调休 working day
    expect(isWorkingDay(at('2026-10-11'), TZ)).toBe(false); // an ordinary Sunday
    expect(isWorkingDay(at('2026-09-25'), TZ)).toBe(false); // Friday, Mid-autumn
  });

  it('counts 15 working days across Mid-autumn and National Day, the make-up Saturday included', () => {
    // 23, 24, 28, 29, 30 Sep; 8, 9, 10 (Sat), 12–16, 19, 20 Oct
    expect(addWorkingDays(at('2026-09-22'), 15, TZ).toISOString().slice(0, 10)).toBe('2026-10-20');
  });

  it('takes the day in the account time zone, not UTC', () => {
    // 23:30 UTC on Friday 9 Oct is Saturday 10 Oct in Shanghai: a make-up working day there.
    expect(isWorkingDay(new Date('2026-10-09T23:30:00Z'), TZ)).toBe(true);
    expect(isWorkingDay(new Date('2026-10-10T16:30:00Z'), TZ)).toBe(false); // Sunday 00:30 in Shanghai
  });
});
