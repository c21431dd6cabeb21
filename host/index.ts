// wasmloop's public API: re-exports only.
export { EventLoop } from "./loop.js";
export { Future } from "./futures.js";
export { Handle, TimerHandle } from "./handles.js";
export { MonotonicClock, VirtualClock } from "./clock.js";
export { CancelledError, InvalidStateError, RuntimeError, TimeoutError } from "./errors.js";
export { init } from "./core/module.js";

export type { Clock } from "./clock.js";
export type { DoneCallback } from "./futures.js";
export type { EventLoopOptions, ExceptionContext, ExceptionHandler, Logger } from "./loop.js";
