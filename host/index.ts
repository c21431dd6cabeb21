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
export { run } from "./runners.js";
export { sleep } from "./sleep.js";
export { GatheringFuture, gather } from "./gather.js";
export { shield } from "./shield.js";
export { waitFor } from "./waitfor.js";
export { ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION, asCompleted, wait } from "./wait.js";
export { Timeout, timeout, timeoutAt } from "./timeouts.js";
export { TaskGroup, taskGroup } from "./taskgroups.js";
export { Lock } from "./locks.js";
export { Event } from "./event.js";
export { Condition } from "./condition.js";
export { BoundedSemaphore, Semaphore } from "./semaphore.js";
export { Barrier } from "./barrier.js";
export { LifoQueue, PriorityQueue, Queue } from "./queues.js";
export { init } from "./core/module.js";

export type { Clock } from "./clock.js";
export type { DoneCallback } from "./futures.js";
export type { EventLoopOptions, ExceptionContext, ExceptionHandler, Logger } from "./loop.js";
export type { Awaitable, AwaitableCoroutine, Coroutine, TaskOptions, TaskTarget } from "./coroutines.js";
export type { RunOptions } from "./runners.js";
export type { GatherOptions, ResultOf } from "./gather.js";
export type { AsCompletedOptions, ReturnWhen, WaitOptions } from "./wait.js";
export type { BodyResult } from "./timeouts.js";
