/**
 * The host's primitives a running loop hands the thread back with, and gets
 * it back by, on any runtime: a host timer for real-time waits, a host turn
 * for time slices and virtual-time jumps (host/waiter.ts chooses among
 * them). Nothing here knows which runtime it is on beyond feature tests on
 * globals.
 */

/** asyncio's MAXIMUM_SELECT_TIMEOUT is below every host's timer limit (2^31-1 ms). */
const HOST_TIMER_LIMIT_MS = 2 ** 31 - 1;

export type HostTimer = ReturnType<typeof setTimeout>;

/**
 * Calls `resume` after `seconds` (rounded up to whole milliseconds, the
 * hosts' timer granularity, so it never fires before the deadline the loop
 * asked for; a wait it cuts short just makes the loop wait again).
 */
export function startHostTimer(seconds: number, resume: () => void): HostTimer {
  const ms = Math.min(Math.ceil(seconds * 1000), HOST_TIMER_LIMIT_MS);
  return setTimeout(resume, ms);
}

export function stopHostTimer(timer: HostTimer): void {
  clearTimeout(timer);
}

type Turn = (resume: () => void) => void;

/**
 * Runs `resume` in a later turn of the host's event loop, after the host's
 * pending I/O callbacks and every pending promise continuation, however
 * long its chain (the microtask queue is empty when a turn begins). setImmediate where it
 * exists (Node, Bun, Deno), else a MessageChannel (browsers, workerd), else
 * setTimeout(0), which browsers clamp to 4 ms when nested.
 */
export const nextHostTurn: Turn = pickNextHostTurn();

function pickNextHostTurn(): Turn {
  const global = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof global.setImmediate === "function") {
    const setImmediate = global.setImmediate;
    return (resume) => void setImmediate(resume);
  }
  if (typeof MessageChannel === "function") {
    // Created on first use: nothing is set up at import time.
    let channel: MessageChannel | null = null;
    const queue: Array<() => void> = [];
    return (resume) => {
      if (channel === null) {
        channel = new MessageChannel();
        channel.port1.onmessage = () => queue.shift()?.();
      }
      queue.push(resume);
      channel.port2.postMessage(0);
    };
  }
  return (resume) => void setTimeout(resume, 0);
}

/** The host's own clock in ms, for time slices only (never for loop time). */
export function hostMilliseconds(): number {
  return performance.now();
}
