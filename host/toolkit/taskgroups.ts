/**
 * TaskGroup: asyncio's structured concurrency, as a scoped helper.
 * Invariant: when taskGroup() returns or throws, every task created in the
 * group is done. The first task to fail cancels its siblings and the body's
 * task (once; that request is withdrawn with uncancel() on the way out, once
 * the tasks are done, so the task's cancelling() is back where it was);
 * failures are thrown together as an ExceptionGroup. A cancellation of the
 * body's task from outside cancels the tasks too, and goes on as
 * CancelledError unless some task failed; if one did, the cancellation is
 * still owed to the task, and comes at its next await (CPython 3.13).
 *
 *   const v = yield* taskGroup(function* (tg) { tg.createTask(a()); ... });
 *   const v = await taskGroup(async (tg) => { tg.createTask(b); ... });
 */
import { CancelledError, ExceptionGroup, RuntimeError } from "../errors.js";
import type { Future } from "../futures.js";
import type { EventLoop } from "../loop.js";
import { isTaskTarget } from "../promises.js";
import {
  type AwaitableCoroutine,
  awaitInline,
  coroutine,
  currentTask,
  getRunningLoop,
  type Task,
  type TaskOptions,
  type TaskTarget,
} from "../tasks.js";
import { expectedError, validateCallback } from "../validate.js";
import type { BodyResult } from "./timeouts.js";

export class TaskGroup {
  #entered = false;
  #exiting = false;
  #aborting = false;
  #loop: EventLoop | null = null;
  #parentTask: Task<unknown> | null = null;
  #parentCancelRequested = false;
  readonly #tasks = new Set<Task<unknown>>();
  #errors: unknown[] = [];
  /** Waited for by the exit while tasks are left; completed by the last one. */
  #onCompleted: Future<boolean> | null = null;

  /** Starts `coro` as a task of the group. */
  createTask<T>(coro: TaskTarget<T> | PromiseLike<T>, options?: TaskOptions): Task<T> {
    if (!this.#entered) throw new RuntimeError(`TaskGroup ${this} has not been entered`);
    if (this.#exiting && this.#tasks.size === 0) throw new RuntimeError(`TaskGroup ${this} is finished`);
    if (this.#aborting) throw new RuntimeError(`TaskGroup ${this} is shutting down`);
    if (!isTaskTarget(coro)) {
      throw expectedError(
        TypeError,
        "TaskGroup.createTask()",
        null,
        "a coroutine, a promise or a function returning either",
        coro,
      );
    }
    const task = this.#loop!.createTask(coro, options);
    task.addDoneCallback(this.#onTaskDone);
    this.#tasks.add(task as Task<unknown>);
    return task;
  }

  toString(): string {
    let info = "";
    if (this.#tasks.size) info += ` tasks=${this.#tasks.size}`;
    if (this.#errors.length) info += ` errors=${this.#errors.length}`;
    if (this.#aborting) info += " cancelling";
    else if (this.#entered) info += " entered";
    return `<TaskGroup${info}>`;
  }

  /** @internal asyncio's __aenter__. */
  _enter(): void {
    if (this.#entered) throw new RuntimeError(`TaskGroup ${this} has been already entered`);
    this.#entered = true;
    this.#loop ??= getRunningLoop();
    this.#parentTask = currentTask(this.#loop);
    if (this.#parentTask === null) throw new RuntimeError(`TaskGroup ${this} cannot determine the parent task`);
  }

  /** @internal asyncio's __aexit__: waits for the tasks, then throws what must go on. */
  *_exit(failed: boolean, error: unknown): Generator<unknown, void, any> {
    this.#exiting = true;
    let propagateCancellation: CancelledError | null = failed && error instanceof CancelledError ? error : null;
    if (failed && !this.#aborting) this.#abort();

    while (this.#tasks.size > 0) {
      this.#onCompleted ??= this.#loop!.createFuture<boolean>();
      try {
        yield this.#onCompleted;
      } catch (cancelled) {
        if (!(cancelled instanceof CancelledError)) throw cancelled;
        if (!this.#aborting) {
          // The parent is cancelled from outside while the tasks still run.
          propagateCancellation = cancelled;
          this.#abort();
        }
      }
      this.#onCompleted = null;
    }

    const parent = this.#parentTask!;
    // Withdrawn once the tasks are done: a child failing while we waited
    // made our request then, and it must not outlive the group.
    if (this.#parentCancelRequested && parent.uncancel() === 0) propagateCancellation = null;

    if (propagateCancellation !== null && this.#errors.length === 0) throw propagateCancellation;
    if (failed && !(error instanceof CancelledError)) this.#errors.push(error);
    if (this.#errors.length > 0) {
      // The errors win over a cancellation from outside, which the task may
      // already have swallowed here: request it again, at the same count, so
      // that its next await is cancelled.
      if (parent.cancelling() > 0) {
        parent.uncancel();
        parent.cancel();
      }
      const errors = this.#errors;
      this.#errors = [];
      throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
  }

  #abort(): void {
    this.#aborting = true;
    for (const task of this.#tasks) if (!task.done()) task.cancel();
  }

  #onTaskDone = (task: Future<any>): void => {
    this.#tasks.delete(task as Task<unknown>);
    if (this.#onCompleted !== null && this.#tasks.size === 0 && !this.#onCompleted.done()) {
      this.#onCompleted.setResult(true);
    }
    if (task.cancelled()) return;
    const exception = task.exception();
    if (exception === null) return;
    this.#errors.push(exception);
    const parent = this.#parentTask!;
    if (parent.done()) {
      this.#loop!.callExceptionHandler({
        message: `Task ${task} has errored out but its parent task ${parent} is already completed`,
        exception,
        task,
      });
      return;
    }
    if (!this.#aborting && !this.#parentCancelRequested) {
      // Interrupt whatever the body awaits, and say so on the way out.
      this.#abort();
      this.#parentCancelRequested = true;
      parent.cancel();
    }
  };
}

/** Runs `body(group)` in the current task; returns once every task of the group is done. */
export function taskGroup<R>(body: (group: TaskGroup) => BodyResult<R>): AwaitableCoroutine<R> {
  validateCallback(body, "taskGroup", "body");
  return scope(new TaskGroup(), body) as AwaitableCoroutine<R>;
}

const scope = coroutine(function* taskGroupScope(group: TaskGroup, body: (group: TaskGroup) => unknown) {
  group._enter();
  let failed = false;
  let error: unknown;
  let result: unknown;
  try {
    result = yield* awaitInline(body(group));
  } catch (raised) {
    failed = true;
    error = raised;
  }
  yield* group._exit(failed, error);
  if (failed) throw error;
  return result;
});
