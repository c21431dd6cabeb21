/**
 * Small shared pieces for the EventLoop and Future unit tests (not a test file).
 */

import type { EventLoopOptions, Logger } from "../../host/index.js";
import { EventLoop, VirtualClock } from "../../host/index.js";
import { noteLoggerError } from "../helpers/loop-errors.js";

export type CoreName = "wasm" | "reference";

/** A VirtualClock that records every wait the loop makes (each advanceTo call). */
export class SpyClock extends VirtualClock {
  readonly waits: number[] = [];

  override advanceTo(when: number): void {
    this.waits.push(when);
    super.advanceTo(when);
  }
}

/** A logger that records what it is given; its errors count as reported for the loop-error guard. */
export class RecordingLogger implements Logger {
  readonly warnings: unknown[][] = [];
  readonly errors: unknown[][] = [];

  warn(...data: unknown[]): void {
    this.warnings.push(data);
  }

  error(...data: unknown[]): void {
    noteLoggerError(data);
    this.errors.push(data);
  }
}

export interface Setup {
  loop: EventLoop;
  clock: SpyClock;
  logger: RecordingLogger;
  log: unknown[];
}

/** A loop on a (spying) VirtualClock at 0, with a recording logger. */
export function setup(core: CoreName, options: Omit<EventLoopOptions, "core" | "clock"> = {}): Setup {
  const clock = new SpyClock(0);
  const logger = new RecordingLogger();
  const loop = new EventLoop({ clock, core, logger, ...options });
  return { loop, clock, logger, log: [] };
}

/** One turn of the host's event loop (its pending timers' phase may need more). */
export function hostTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Host timer, in milliseconds. */
export function hostSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reports whether `promise` has settled, without waiting for it. */
export function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let done = false;
  const watched = promise.then(
    (value) => {
      done = true;
      return value;
    },
    (error: unknown) => {
      done = true;
      throw error;
    },
  );
  // The caller awaits `promise` itself; keep the tracking chain from being an unhandled rejection.
  watched.catch(() => {});
  return { settled: () => done, promise: watched };
}

/** Runs a loop that has nothing pending to completion of one stop-terminated run. */
export async function runOnceStopped(loop: EventLoop): Promise<void> {
  loop.stop();
  await loop.runForever();
}

/** Captures what `fn` throws (fails the test if it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw");
}
