/**
 * sleep(delay, result): asyncio.sleep. Invariant: a sleep of d > 0 seconds
 * waits for a future that a timer (callLater) completes, so the task resumes
 * one iteration after the timer fires, after plain callbacks due at the same
 * time (rule 81); cancelling the task cancels the future, and the sleep's
 * clean-up cancels the timer. d <= 0 gives up exactly one iteration (a bare
 * yield, rule 80) and never touches the timers.
 */
import type { Future } from "../futures.js";
import { type AwaitableCoroutine, coroutine, getRunningLoop } from "../tasks.js";
import { validateSeconds } from "../validate.js";

/** Waits `delay` **seconds** (not ms) and gives `result`. `yield* sleep(1)` or `await sleep(1)`. */
export function sleep(delay: number): AwaitableCoroutine<undefined>;
export function sleep<T>(delay: number, result: T): AwaitableCoroutine<T>;
export function sleep<T>(delay: number, result?: T): AwaitableCoroutine<T | undefined> {
  validateSeconds(delay, "sleep", "delay");
  return delay <= 0 ? yieldOnce(result) : sleepFor(delay, result);
}

const yieldOnce = coroutine(function* sleep0<T>(result: T) {
  yield;
  return result;
});

const sleepFor = coroutine(function* sleep<T>(delay: number, result: T) {
  const loop = getRunningLoop();
  const future = loop.createFuture<T>();
  const timer = loop.callLater(delay, setResultUnlessCancelled, future, result);
  try {
    return (yield future) as T;
  } finally {
    timer.cancel();
  }
});

function setResultUnlessCancelled<T>(future: Future<T>, result: T): void {
  if (!future.cancelled()) future.setResult(result);
}
