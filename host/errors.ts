/**
 * wasmloop's exceptions. asyncio's messages are kept verbatim where the
 * situation is the same; `RuntimeError` stands for asyncio's RuntimeError.
 */

/** asyncio's RuntimeError cases: a closed loop, a loop already running, ... */
export class RuntimeError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "RuntimeError";
  }
}

/** The operation (a Future, a Task) was cancelled; `message` is the cancel message, "" by default. */
export class CancelledError extends Error {
  constructor(message = "") {
    super(message);
    this.name = "CancelledError";
  }
}

/** The Future is not in a state that allows the operation. */
export class InvalidStateError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "InvalidStateError";
  }
}

/** An operation ran past its deadline. */
export class TimeoutError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "TimeoutError";
  }
}

/**
 * Several errors at once: what a TaskGroup raises when its tasks failed
 * (asyncio's ExceptionGroup). `errors` (and its Python name `exceptions`)
 * holds them in the order they happened.
 */
export class ExceptionGroup extends AggregateError {
  constructor(message: string, errors: unknown[]) {
    super(errors, message);
    this.name = "ExceptionGroup";
  }

  get exceptions(): unknown[] {
    return this.errors;
  }
}

/** A Barrier was reset or aborted while a task waited at it (or is broken). */
export class BrokenBarrierError extends RuntimeError {
  constructor(message?: string) {
    super(message);
    this.name = "BrokenBarrierError";
  }
}

/** getNowait() on an empty Queue. */
export class QueueEmpty extends Error {
  constructor(message = "") {
    super(message);
    this.name = "QueueEmpty";
  }
}

/** putNowait() on a full Queue. */
export class QueueFull extends Error {
  constructor(message = "") {
    super(message);
    this.name = "QueueFull";
  }
}

/** A put on a Queue that was shut down, or a get once it is also empty. */
export class QueueShutDown extends Error {
  constructor(message = "") {
    super(message);
    this.name = "QueueShutDown";
  }
}

// asyncio's messages, in one place.
export const LOOP_CLOSED = "Event loop is closed";
export const ALREADY_RUNNING = "This event loop is already running";
export const ANOTHER_LOOP_RUNNING = "Cannot run the event loop while another loop is running";
export const CLOSE_RUNNING = "Cannot close a running event loop";
export const STOPPED_BEFORE_DONE = "Event loop stopped before Future completed.";
export const WOULD_WAIT_FOREVER =
  "The loop would wait forever: nothing is ready, no timer is pending and nothing can wake it (VirtualClock)";
export const NO_RUNNING_LOOP = "no running event loop";
export const FOREIGN_FUTURE = "The future belongs to a different loop than the one specified as the loop argument";
export const AWAITABLE_REQUIRED = "An asyncio.Future, a coroutine or an awaitable is required";
export const COROUTINE_EXPECTED = "a coroutine was expected";
export const CALLABLE_OR_NULL = "A callable object or null is expected";
export const DELAY_NOT_NULL = "delay must not be null";
export const WHEN_NOT_NULL = "when cannot be null";
/** The C Future's wording (the pure-Python one names the state and the future). */
export const INVALID_STATE = "invalid state";

/** A task (or an async task's strand) awaits itself (rule 88); `task` is described by its toString. */
export function awaitsItself(task: object): string {
  return `Task cannot await on itself: ${task}`;
}

/** A task awaits a future of another loop (rule 88). */
export function awaitsForeignFuture(task: object, future: object): string {
  return `Task ${task} got Future ${future} attached to a different loop`;
}
