/**
 * Awaitables: the toolkit's base, what every toolkit function builds on:
 * coroutine() (a generator function whose coroutines async code can await
 * too), awaitInline, ensureFuture, and the running loop's and current
 * task's look-ups (asyncio's get_running_loop, current_task, all_tasks).
 *
 * A floor between the loop and the tasks: it knows tasks only as what the
 * loop's createTask() makes, and hands the awaits of toolkit coroutines to
 * host/asyncstep.ts through the hook it registers.
 */
import { type AwaitableCoroutine, type Coroutine, isCoroutine, type TaskOf, type TaskTarget } from "./coroutines.js";
import { AWAITABLE_REQUIRED, FOREIGN_FUTURE, NO_RUNNING_LOOP, RuntimeError } from "./errors.js";
import { describe } from "./format.js";
import { Future } from "./futures.js";
import { EventLoop } from "./loop.js";
import { futureOfPromise } from "./promises.js";
import { loopTasks, runningLoopNow } from "./running.js";
import {
  asyncioError,
  expectedError,
  isGenerator,
  isGeneratorFunction,
  isInstanceOf,
  isTaskFunction,
  isThenable,
} from "./validate.js";

/** How a toolkit coroutine's then() is awaited: host/asyncstep.ts registers it. */
type CoroutineAwaitHook = (gen: Coroutine, onFulfilled: unknown, onRejected: unknown) => Promise<unknown>;
let coroutineAwaitHook: CoroutineAwaitHook | null = null;

export function setCoroutineAwaitHook(hook: CoroutineAwaitHook): void {
  coroutineAwaitHook = hook;
}

/**
 * Makes a generator function's coroutines awaitable from async functions as
 * well (asyncio's @types.coroutine, in spirit): `then` is added to its
 * prototype, so every generator it makes inherits it at no cost per call.
 */
export function coroutine<A extends unknown[], T>(
  fn: (...args: A) => Generator<unknown, T, any>,
): (...args: A) => AwaitableCoroutine<T> {
  if (!isGeneratorFunction(fn)) throw expectedError(TypeError, "coroutine", null, "a generator function", fn);
  Object.defineProperty(fn.prototype, "then", { value: coroutineThen, configurable: true, writable: true });
  return fn as unknown as (...args: A) => AwaitableCoroutine<T>;
}

function coroutineThen(this: Coroutine, onFulfilled?: unknown, onRejected?: unknown): Promise<unknown> {
  return coroutineAwaitHook!(this, onFulfilled, onRejected);
}

/**
 * For the toolkit (the package does not export it): awaits anything
 * inside a coroutine, inline (what a scoped helper does with its body's
 * result): a Future or a generator by yield*,
 * an async or generator function by calling it first, a promise by yielding
 * it, which only an async task accepts (it waits as its async code would; a
 * generator task cannot wait for a promise); any other value is the result.
 */
export function* awaitInline<T>(awaitable: unknown): Generator<unknown, T, any> {
  const target = isTaskFunction(awaitable) ? (awaitable as () => unknown)() : awaitable;
  if (isInstanceOf(target, Future) || isGenerator(target)) return (yield* target as Coroutine<T>) as T;
  if (isThenable(target)) return (yield target) as T;
  return target as T;
}

/** The loop whose callback (or task step) is running; throws RuntimeError('no running event loop') elsewhere. */
export function getRunningLoop(): EventLoop {
  const loop = runningLoopNow() as EventLoop | null;
  if (loop === null) throw new RuntimeError(NO_RUNNING_LOOP);
  return loop;
}

/** The task whose step is running on `loop` (default: the running loop), or null. */
export function currentTask(loop?: EventLoop): TaskOf<unknown> | null {
  // Only tasks enter their loop's LoopTasks (host/tasks.ts, host/asyncstep.ts).
  return (loopTasks(loopArgument(loop, "currentTask") ?? getRunningLoop())?.current ?? null) as TaskOf<unknown> | null;
}

/** The tasks of `loop` (default: the running loop) that are not done. */
export function allTasks(loop?: EventLoop): Set<TaskOf<unknown>> {
  return new Set(loopTasks(loopArgument(loop, "allTasks") ?? getRunningLoop())?.pending) as Set<TaskOf<unknown>>;
}

/** A `loop` argument: an EventLoop, or null when it is undefined or null (asyncio's None: the running loop). */
function loopArgument(loop: unknown, method: string): EventLoop | null {
  if (loop === undefined || loop === null) return null;
  if (!isInstanceOf(loop, EventLoop)) throw expectedError(TypeError, method, "loop", "an EventLoop", loop);
  return loop;
}

/**
 * A Future for any awaitable: a Future is returned as it is, a coroutine
 * becomes a Task, a promise a Future it settles.
 */
export function ensureFuture<T>(awaitable: Future<T> | TaskTarget<T> | PromiseLike<T>, loop?: EventLoop): Future<T> {
  const given = loopArgument(loop, "ensureFuture");
  if (isInstanceOf<Future<T>>(awaitable, Future)) {
    if (given !== null && awaitable.getLoop() !== given) throw new RangeError(FOREIGN_FUTURE);
    return awaitable;
  }
  if (isCoroutine(awaitable)) return (given ?? getRunningLoop()).createTask(awaitable as TaskTarget<T>);
  if (isThenable(awaitable)) return futureOfPromise(given ?? getRunningLoop(), awaitable).future;
  throw asyncioError(TypeError, "ensureFuture", `${AWAITABLE_REQUIRED}, got ${describe(awaitable)}`);
}
