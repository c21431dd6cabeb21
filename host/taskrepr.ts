/**
 * How a Task describes itself: asyncio's `_task_repr_info`, in its order:
 *
 *   <Task STATE name='N' coro=<C> wait_for=<F> result=R|exception=E cb=[...]>
 *
 * STATE is the future's, or `cancelling` while a cancellation is requested
 * and the task is not done. C is the coroutine's function name with `()`,
 * and ` running` while the task's own code is on the stack (never once done). asyncio adds the
 * file and line where the coroutine stands (or was defined); JavaScript
 * gives no honest way to read them from a generator or an async function,
 * so the repr stops at the name, as asyncio's does for a coroutine without
 * code (J17). Everything here is total: a description never throws.
 */
import type { TaskTarget } from "./coroutines.js";
import { callableName, ownRepr, repr } from "./format.js";
import { type Future, futureReprInfo } from "./futures.js";

/** What a Task knows of itself that its description shows. */
export interface TaskReprState {
  readonly name: string;
  readonly coro: TaskTarget<unknown>;
  /** The future its coroutine waits for (asyncio's `_fut_waiter`), or null. */
  readonly waiter: Future<unknown> | null;
  readonly cancelling: number;
  /** Its code is running now (it is its loop's current task). */
  readonly running: boolean;
}

export function taskRepr(task: Future<any>, state: TaskReprState): string {
  const info = futureReprInfo(task);
  if (state.cancelling > 0 && !task.done()) info[0] = "cancelling";
  const inserted = [
    `name=${repr(state.name)}`,
    `coro=<${coroName(state.coro)}${state.running && !task.done() ? " running" : ""}>`,
  ];
  if (state.waiter !== null) inserted.push(`wait_for=${ownRepr(state.waiter)}`);
  info.splice(1, 0, ...inserted);
  return `<Task ${info.join(" ")}>`;
}

/** `producer()` for a function; a generator object has no name in JavaScript (its function is not reachable from it). */
function coroName(coro: TaskTarget<unknown>): string {
  return typeof coro === "function" ? `${callableName(coro)}()` : "<generator object>()";
}

/**
 * Each task's own callbacks (its step, wakeup, ...), so that debug mode's
 * slow-callback warning names the Task and not the callback, as asyncio's
 * `_format_handle` does. Kept only for tasks made in debug mode: elsewhere a
 * task costs no entry. Weak: the entries go with their task.
 */
const stepOwners = new WeakMap<Function, object>();

export function ownSteps(task: object, callbacks: readonly Function[]): void {
  for (const callback of callbacks) stepOwners.set(callback, task);
}

/** The task whose step `callback` is, if it was made in debug mode. */
export function stepOwner(callback: Function): object | undefined {
  return stepOwners.get(callback);
}
