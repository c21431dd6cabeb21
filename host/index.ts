// wasmloop's public API: re-exports only.

export type { Clock } from "./clock.js";
export { MonotonicClock, VirtualClock } from "./clock.js";
export { init } from "./core/module.js";
export type { Awaitable, AwaitableCoroutine, Coroutine, TaskOptions, TaskTarget } from "./coroutines.js";
export { isCoroutine, isCoroutineFunction, isFuture } from "./coroutines.js";
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
export type { DoneCallback } from "./futures.js";
export { Future } from "./futures.js";
export { Handle, TimerHandle } from "./handles.js";
export type { EventLoopOptions, ExceptionContext, ExceptionHandler, Logger, TaskFactory } from "./loop.js";
export { EventLoop } from "./loop.js";
export type { RunnerOptions, RunOptions } from "./runners.js";
export { Runner, run } from "./runners.js";
export type { TaskConstructor } from "./taskfactories.js";
export { createEagerTaskFactory, eagerTaskFactory } from "./taskfactories.js";
export { allTasks, coroutine, currentTask, ensureFuture, getRunningLoop, Task } from "./tasks.js";
export { Barrier } from "./toolkit/barrier.js";
export { Condition } from "./toolkit/condition.js";
export { Event } from "./toolkit/event.js";
export type { GatherOptions, ResultOf } from "./toolkit/gather.js";
export { GatheringFuture, gather } from "./toolkit/gather.js";
export { Lock } from "./toolkit/locks.js";
export { LifoQueue, PriorityQueue, Queue } from "./toolkit/queues.js";
export { BoundedSemaphore, Semaphore } from "./toolkit/semaphore.js";
export { shield } from "./toolkit/shield.js";
export { sleep } from "./toolkit/sleep.js";
export { TaskGroup, taskGroup } from "./toolkit/taskgroups.js";
export type { BodyResult } from "./toolkit/timeouts.js";
export { Timeout, timeout, timeoutAt } from "./toolkit/timeouts.js";
export type { AsCompletedIterator, AsCompletedOptions, ReturnWhen, WaitOptions } from "./toolkit/wait.js";
export { ALL_COMPLETED, asCompleted, FIRST_COMPLETED, FIRST_EXCEPTION, wait } from "./toolkit/wait.js";
export { waitFor } from "./toolkit/waitfor.js";
