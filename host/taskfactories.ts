/**
 * Task factories for loop.setTaskFactory(): 3.12's eager tasks. An eager
 * factory makes each task with `eagerStart: true`, so a generator task
 * created while the loop runs takes its first step inside createTask(): one
 * that finishes without waiting never goes through the ready queue (J23).
 *
 * Above the tasks: it only passes an option to a Task constructor.
 */
import type { TaskOptions, TaskTarget } from "./coroutines.js";
import type { Future } from "./futures.js";
import type { EventLoop, TaskFactory } from "./loop.js";
import { Task } from "./tasks.js";
import { validateCallback } from "./validate.js";

/** A Task class (Task or a subclass): what createEagerTaskFactory() takes. */
export type TaskConstructor = new (loop: EventLoop, coro: TaskTarget<any>, options?: TaskOptions) => Future<any>;

/** asyncio's create_eager_task_factory: a factory making `new Custom(loop, coro, { eagerStart: true })`. */
export function createEagerTaskFactory(Custom: TaskConstructor): TaskFactory {
  validateCallback(Custom, "createEagerTaskFactory", "customTaskConstructor");
  return (loop, coro) => new Custom(loop, coro, { eagerStart: true });
}

/** asyncio's eager_task_factory: eager Tasks (a declaration, so that it keeps its name in a bundle). */
export function eagerTaskFactory(loop: EventLoop, coro: TaskTarget<any>): Task<any> {
  return new Task(loop, coro, { eagerStart: true });
}
