/**
 * What a coroutine is, for every file that takes one: the types, and the
 * one predicate built on host/validate.ts's (a generator object, or an
 * async or generator function that a task's first step calls).
 *
 * THE PROTOCOL
 *
 * An awaitable is a Future (a Task is one) or a coroutine. A coroutine is a
 * generator object: its code runs only while a task drives it, and it tells
 * the task what it waits for by what it yields:
 *
 *   yield future      wait for the future: resume with its result, or throw
 *                     its exception (CancelledError if it was cancelled).
 *                     A done future resumes at once, in the same step (J13).
 *   yield             give up exactly one iteration (what sleep(0) does).
 *   yield* awaitable  await a Future or a coroutine inline, as Python's
 *                     `await` does: no new task, no extra iteration. A Future
 *                     is iterable for this (futures.ts, asyncio's __await__).
 *
 * Every toolkit function returns an awaitable: a Future (createTask, gather,
 * shield, ensureFuture) or a coroutine (sleep, waitFor, wait, lock.acquire(),
 * queue.get(), ...). Toolkit coroutines are thenables as well (see
 * `coroutine()`), so the rule for users is one line per kind:
 *
 *   in a generator (function*):  const v = yield* awaitable;
 *   in an async function:        const v = await awaitable;
 *
 * A floor below the loop and the tasks, so that both name these types
 * without importing each other. `TaskOf<T>` is what createTask() returns:
 * host/tasks.ts fills in its Task class (a declaration merge, no import
 * from below), so the loop's signature names Task without knowing it.
 */
import { Future } from "./futures.js";
import { isGenerator, isInstanceOf, isTaskFunction } from "./validate.js";

/** A generator coroutine: yields futures (or nothing), returns T. */
export type Coroutine<T = unknown> = Generator<unknown, T, any>;
/** A toolkit coroutine: a generator coroutine that async functions can also await. */
export interface AwaitableCoroutine<T = unknown> extends Generator<unknown, T, any>, PromiseLike<T> {}
/**
 * What a task runs: a generator coroutine; a function (async, generator, or
 * plain) that the task calls, without arguments, in its first step, and that
 * returns a coroutine or a promise; or a promise, an async function already
 * called, which the task follows (J16; loop.createTask's type names it). A
 * Future is not one.
 */
export type TaskTarget<T = unknown> = Coroutine<T> | (() => Coroutine<T> | PromiseLike<T>);
export type Awaitable<T = unknown> = Future<T> | Coroutine<T>;

export interface TaskOptions {
  /** The task's name; default `Task-<n>`. Any other value is converted as str() does. */
  name?: string;
  /** 3.12's eager start: when the loop is running, the first step runs inside createTask (J23). */
  eagerStart?: boolean;
}

/** Filled in by host/tasks.ts: `{ task: Task<T> }`. */
// biome-ignore lint/correctness/noUnusedVariables: T is used by the declaration that host/tasks.ts merges into this one
// biome-ignore lint/suspicious/noEmptyInterface: an interface, so that host/tasks.ts can merge into it
export interface TaskTypes<T> {}
/** The Task class's instance type for T, once host/tasks.ts is in the program. */
export type TaskOf<T> = TaskTypes<T> extends { task: infer Made } ? Made : Future<T>;

// ---- asyncio's predicates (public; none of them throws) ----------------------

/**
 * asyncio's iscoroutine(), in wasmloop's terms (J19): true for what
 * createTask() and runUntilComplete() accept as a coroutine, a generator
 * object, or an async or generator function (which stands for the
 * coroutine object JS cannot make without starting the function).
 */
export function isCoroutine(value: unknown): value is TaskTarget<unknown> {
  // A generator is checked first: toolkit coroutines are thenables too.
  return isGenerator(value) || isTaskFunction(value);
}

/**
 * asyncio's iscoroutinefunction(): an async function or a generator function
 * (coroutine()'s included). An async generator function is not one, as in
 * asyncio, nor is a plain or bound function, whatever it returns.
 */
export function isCoroutineFunction(value: unknown): value is (...args: any[]) => Coroutine | PromiseLike<unknown> {
  return isTaskFunction(value);
}

/**
 * asyncio's isfuture(): a wasmloop Future (a Task, a gather's future, ...).
 * A promise is not one: ensureFuture() makes one of it. The Future class itself is not one.
 */
export function isFuture(value: unknown): value is Future<unknown> {
  return isInstanceOf(value, Future);
}
