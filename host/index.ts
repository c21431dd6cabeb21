// wasmloop's public API: re-exports only.
export { EventLoop } from "./loop.js";
export { Future } from "./futures.js";
export { Handle, TimerHandle } from "./handles.js";
export { MonotonicClock, VirtualClock } from "./clock.js";
export {
  BrokenBarrierError,
  CancelledError,
  ExceptionGroup,
  InvalidStateError,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  RuntimeError,
  TimeoutError,
} from "./errors.js";
export { Task, allTasks, coroutine, currentTask, ensureFuture, getRunningLoop } from "./tasks.js";
export { isCoroutine, isCoroutineFunction, isFuture } from "./coroutines.js";
export { Runner, run } from "./runners.js";
export { createEagerTaskFactory, eagerTaskFactory } from "./taskfactories.js";
export { sleep } from "./toolkit/sleep.js";
export { GatheringFuture, gather } from "./toolkit/gather.js";
export { shield } from "./toolkit/shield.js";
export { waitFor } from "./toolkit/waitfor.js";
export { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, asCompleted, wait } from "./toolkit/wait.js";
export { Timeout, timeout, timeoutAt } from "./toolkit/timeouts.js";
export { TaskGroup, taskGroup } from "./toolkit/taskgroups.js";
export { Lock } from "./toolkit/locks.js";
export { Event } from "./toolkit/event.js";
export { Condition } from "./toolkit/condition.js";
export { BoundedSemaphore, Semaphore } from "./toolkit/semaphore.js";
export { Barrier } from "./toolkit/barrier.js";
export { LifoQueue, PriorityQueue, Queue } from "./toolkit/queues.js";
export { init } from "./core/module.js";

export type { Clock } from "./clock.js";
export type { DoneCallback } from "./futures.js";
export type { EventLoopOptions, ExceptionContext, ExceptionHandler, Logger, TaskFactory } from "./loop.js";
export type { Awaitable, AwaitableCoroutine, Coroutine, TaskOptions, TaskTarget } from "./coroutines.js";
export type { RunOptions, RunnerOptions } from "./runners.js";
export type { TaskConstructor } from "./taskfactories.js";
export type { GatherOptions, ResultOf } from "./toolkit/gather.js";
export type { AsCompletedIterator, AsCompletedOptions, ReturnWhen, WaitOptions } from "./toolkit/wait.js";
export type { BodyResult } from "./toolkit/timeouts.js";
