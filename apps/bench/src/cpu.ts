import { readFileSync, readdirSync } from 'node:fs';

// Where the CPU goes during a run: the seconds of CPU each group of processes used, per second
// of the run (1.0 = one core busy), read from /proc (Linux, 100 ticks a second).

interface Proc {
  pid: number;
  ppid: number;
  ticks: number;
}

/** A /proc `stat` line (of a process or a thread): its name, parent, and busy ticks (user + system). */
function readStat(path: string) {
  const stat = readFileSync(path, 'utf8');
  const close = stat.lastIndexOf(')'); // the name may hold spaces and parentheses
  const fields = stat.slice(close + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, close),
    ppid: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
  };
}

function processes(): Proc[] {
  const all: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const { ppid, ticks } = readStat(`/proc/${entry}/stat`);
      all.push({ pid: Number(entry), ppid, ticks });
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

/**
 * The processes in each group: the trees under some root pids (a server, a postmaster). With
 * `threads`, the roots' own ticks are also split into their main thread (Node's event loop) and
 * libuv's thread pool (where argon2 runs), named by `threadSplit`.
 */
export type CpuGroups = Record<string, { roots: () => number[]; threads?: boolean }>;

const EVENT_LOOP = ' event loop';
const THREAD_POOL = ' thread pool';

/** The names a group's thread split goes by in the cores of `withCpuSplit`. */
export const threadSplit = (group: string) => ({
  eventLoop: group + EVENT_LOOP,
  threadPool: group + THREAD_POOL,
});

/** True for a name of `threadSplit`: a part of its group's total, not a group of its own. */
export const isThreadSplit = (name: string) =>
  name.endsWith(EVENT_LOOP) || name.endsWith(THREAD_POOL);

/** Busy ticks of a process's main thread and of its libuv thread-pool threads. */
function threadTicks(pid: number): { eventLoop: number; threadPool: number } {
  const ticks = { eventLoop: 0, threadPool: 0 };
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return ticks; // gone meanwhile
  }
  for (const tid of tids) {
    try {
      const { name, ticks: busy } = readStat(`/proc/${pid}/task/${tid}/stat`);
      if (Number(tid) === pid) ticks.eventLoop += busy;
      else if (name === 'libuv-worker') ticks.threadPool += busy; // libuv names its threads
    } catch {
      // thread ended meanwhile
    }
  }
  return ticks;
}

function ticksByGroup(groups: CpuGroups): Record<string, number> {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const proc of all) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  const byPid = new Map(all.map((proc) => [proc.pid, proc]));
  const tree = (pid: number): number =>
    (byPid.get(pid)?.ticks ?? 0) +
    (children.get(pid) ?? []).reduce((sum, child) => sum + tree(child.pid), 0);
  return Object.fromEntries(
    Object.entries(groups).flatMap(([name, group]) => {
      const roots = group.roots();
      const total: [string, number] = [name, roots.reduce((sum, pid) => sum + tree(pid), 0)];
      if (!group.threads) return [total];
      const split = roots.map(threadTicks);
      const names = threadSplit(name);
      return [
        total,
        [names.eventLoop, split.reduce((sum, t) => sum + t.eventLoop, 0)],
        [names.threadPool, split.reduce((sum, t) => sum + t.threadPool, 0)],
      ];
    }),
  );
}

/** Busy ticks of the whole machine (all cores), from /proc/stat. */
function machineTicks(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return user! + nice! + system! + irq! + softirq! + steal!;
}

/** Runs `work` and says how many cores each group, the machine, and the rest of it kept busy meanwhile. */
export async function withCpuSplit<T>(
  groups: CpuGroups,
  work: () => Promise<T>,
): Promise<{ result: T; cores: Record<string, number> }> {
  const before = ticksByGroup(groups);
  const machineBefore = machineTicks();
  const startedAt = performance.now();
  const result = await work();
  const seconds = (performance.now() - startedAt) / 1000;
  const after = ticksByGroup(groups);
  const cores = Object.fromEntries(
    Object.keys(after).map((name) => [name, (after[name]! - before[name]!) / 100 / seconds]),
  );
  cores.machine = (machineTicks() - machineBefore) / 100 / seconds;
  // Mostly wrk, which lives only within the run and so cannot be sampled like the servers (the
  // closed-loop generator lives through its scenario, and is a group of its own).
  cores.rest = cores.machine - Object.keys(groups).reduce((sum, name) => sum + cores[name]!, 0);
  return { result, cores };
}
