import { readFileSync } from 'node:fs';

/** State, parent and process group of a process from /proc/<pid>/stat (Linux); null when unreadable. */
function procStat(pid: number | 'self') {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces: the fields start after its last ')'.
    const [state = '', ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid), pgrp: Number(pgrp) };
  } catch {
    return null;
  }
}

const hasProc = procStat('self') !== null;

function alive(pid: number): boolean {
  if (hasProc) {
    const stat = procStat(pid);
    // A zombie has exited; only its parent has not collected it yet.
    return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `onGone` once when the processes that launched this one are gone: the parent, or the
 * leader of the process group (for `npx pnpm cli serve`, npx: the command the user started).
 * `npx` runs pnpm through a shell that dies on SIGTERM without passing it on, which would leave
 * pnpm and the server running with nobody to stop them. Checked every `everyMs`, first at once.
 */
export function watchLauncher(onGone: (launcher: number) => void, everyMs = 250): () => void {
  const self = procStat('self');
  // Only those alive now: a process group outlives its leader, and a leader that had already
  // gone when the server started (a backgrounded CI step, a script's subshell) launched nothing
  // that is ending now.
  const launchers = [self?.ppid ?? process.ppid, self?.pgrp].filter(
    (pid): pid is number => pid !== undefined && pid > 1 && pid !== process.pid && alive(pid),
  );
  const check = () => {
    const gone = launchers.find((pid) => !alive(pid));
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  };
  const timer = setInterval(check, everyMs).unref();
  check();
  return () => clearInterval(timer);
}
