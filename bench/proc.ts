// What the benches read from /proc: memory fields (RSS, PSS), the process tree, and CPU time in clock ticks (USER_HZ:
// 100 a second on Linux) of a process, of a process with all its descendants (ours with its embedded PostgreSQL), and
// of the whole machine. The ack bench uses the CPU figures to say what each request cost and how busy the rest of
// the machine was while it ran.
import { readdirSync, readFileSync } from 'node:fs';

export const TICK_MS = 10;

/** A `Name:   123 kB` field of a /proc file (status, smaps_rollup), in kB. */
export function procKb(path: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(path, 'utf8'))?.[1] ?? NaN);
}

export const rssMb = (pid: number): number => Math.round(procKb(`/proc/${pid}/status`, 'VmRSS') / 1024);

/** pid → [ppid, utime + stime]; processes that exit while being read are skipped. */
export function processTable(): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      table.set(Number(name), statOf(readFileSync(`/proc/${name}/stat`, 'utf8')));
    } catch {
      // gone between the listing and the read
    }
  }
  return table;
}

// The command name in field 2 may hold spaces or parentheses, so fields are counted from the last ')'.
function statOf(stat: string): [number, number] {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(f[1]), Number(f[11]) + Number(f[12])];
}

export function processTicks(pid: number): number {
  return statOf(readFileSync(`/proc/${pid}/stat`, 'utf8'))[1];
}

/** A process and every process below it (a child's time counts while the child lives). */
export function treeTicks(pid: number): number {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [p, [parent]] of table) children.set(parent, [...(children.get(parent) ?? []), p]);
  let sum = 0;
  for (const stack = [pid]; stack.length;) {
    const p = stack.pop()!;
    sum += table.get(p)?.[1] ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return sum;
}

/**
 * Busy ticks of all CPUs together since boot: user, nice, system, irq, softirq and steal (/proc/stat's first line;
 * the guest fields after them are already counted in user).
 */
export function machineTicks(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  return f.reduce((a, b) => a + b, 0) - f[3]! - f[4]!;
}
