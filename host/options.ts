/**
 * The EventLoop's options: what each means, its default, and the one
 * function that reads them (for `new EventLoop()` and for run(), which
 * makes its loop). Each option is read once: a getter or Proxy trap that
 * throws is a refusal too.
 */
import { type Clock, MonotonicClock } from "./clock.js";
import type { Logger } from "./exceptions.js";
import { describe } from "./format.js";
import {
  callName,
  expectedError,
  hasMethod,
  readOption,
  validateBoolean,
  validateObject,
  validateSeconds,
} from "./validate.js";

export interface EventLoopOptions {
  /** Where time comes from; default: the host's monotonic clock. */
  clock?: Clock;
  /** Seconds; a timer is due when `when < now + clockResolution`. Default 1e-9 (asyncio on Linux). */
  clockResolution?: number;
  /** asyncio's debug mode: slow callbacks are logged, coroutine functions refused. Default false. */
  debug?: boolean;
  /** Receives slow-callback warnings and the default exception handler's errors. Default: console. */
  logger?: Logger;
  /** Which scheduling core: the Wasm core (default) or the pure-TypeScript reference core. */
  core?: "wasm" | "reference";
}

export type LoopSettings = Required<Omit<EventLoopOptions, "core">> & { core: "wasm" | "reference" };

/** asyncio's clock resolution on Linux (time.get_clock_info('monotonic').resolution). */
const DEFAULT_CLOCK_RESOLUTION = 1e-9;

/** The options, each read once and checked; `method` names the caller (`EventLoop`, or `run`). */
export function readLoopOptions(options: unknown, method: string): LoopSettings {
  if (options === undefined) options = {};
  validateObject(options, method, "options", "an options object");
  // As destructuring defaults do: only a missing (undefined) option takes its default.
  const read = (key: keyof EventLoopOptions, fallback: unknown) => {
    const value = readOption(options as object, key, method);
    return value === undefined ? fallback : value;
  };
  const given = read("clock", undefined);
  const clock = given === undefined ? new MonotonicClock() : given;
  if (typeof clock !== "object" || !hasMethod(clock, "now")) {
    throw new TypeError(`${callName(method)} expected clock to have a now() method, got ${describe(clock)}`);
  }
  const clockResolution = read("clockResolution", DEFAULT_CLOCK_RESOLUTION);
  // A zero resolution would let a timer due exactly now spin the loop forever.
  validateSeconds(clockResolution, method, "clockResolution", { accept: "> 0 and finite" });
  const debug = read("debug", false);
  validateBoolean(debug, method, "debug");
  const logger = read("logger", console);
  if (typeof logger !== "object" || !hasMethod(logger, "warn") || !hasMethod(logger, "error")) {
    throw new TypeError(
      `${callName(method)} expected logger to have warn() and error() methods, got ${describe(logger)}`,
    );
  }
  const core = read("core", "wasm");
  if (core !== "wasm" && core !== "reference") {
    throw expectedError(TypeError, method, "core", '"wasm" or "reference"', core);
  }
  return { clock: clock as Clock, clockResolution, debug, logger: logger as Logger, core };
}
