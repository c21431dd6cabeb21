/**
 * The toolkit's argument checks, in one place. A refusal happens at the
 * call, before anything changes, and says which method refused which
 * argument, what it expected and what came:
 *   sleep() expected delay to be a number of seconds, got '1'
 * A value of the wrong kind is a TypeError; a number out of range (NaN
 * included) a RangeError. `method` is written as the caller sees it:
 * "sleep", "Queue", "Condition.notify".
 */
import { describe } from "./format.js";
import { Future } from "./futures.js";
import { isCoroutine } from "./tasks.js";

function refusal(kind: typeof TypeError | typeof RangeError, method: string, name: string, expected: string, value: unknown): Error {
  return new kind(`${method}() expected ${name} to be ${expected}, got ${describe(value)}`);
}

/** A number of seconds (negative and Infinity included, as asyncio takes them); null too if `nullable`. */
export function checkSeconds(method: string, name: string, value: unknown, nullable: boolean): void {
  if (value === null && nullable) return;
  const expected = nullable ? "a number of seconds or null" : "a number of seconds";
  if (typeof value !== "number") throw refusal(TypeError, method, name, expected, value);
  if (value !== value) throw refusal(RangeError, method, name, expected, value);
}

/** Any number but NaN (a Queue's maxsize, notify()'s n: Python compares them, whatever they are). */
export function checkNumber(method: string, name: string, value: unknown): void {
  if (typeof value !== "number") throw refusal(TypeError, method, name, "a number", value);
  if (value !== value) throw refusal(RangeError, method, name, "a number", value);
}

/**
 * An integer: a float where Python wants an int is a TypeError there too
 * ('float' object cannot be interpreted as an integer); NaN is a RangeError,
 * as everywhere in wasmloop. The range itself is the caller's to check.
 */
export function checkInteger(method: string, name: string, value: unknown): void {
  if (typeof value === "number" && value !== value) throw refusal(RangeError, method, name, "an integer", value);
  if (typeof value !== "number" || !Number.isInteger(value)) throw refusal(TypeError, method, name, "an integer", value);
}

export function checkFunction(method: string, name: string, value: unknown): void {
  if (typeof value !== "function") throw refusal(TypeError, method, name, "a function", value);
}

export function checkBoolean(method: string, name: string, value: unknown): void {
  if (typeof value !== "boolean") throw refusal(TypeError, method, name, "a boolean", value);
}

/** What ensureFuture() takes: a Future, a coroutine (or async/generator function), a promise. */
export function checkAwaitable(method: string, name: string, value: unknown): void {
  if (value instanceof Future || isCoroutine(value)) return;
  if ((typeof value === "object" || typeof value === "function") && value !== null) {
    try {
      if (typeof (value as { then?: unknown }).then === "function") return;
    } catch {
      // A then getter that throws: not an awaitable.
    }
  }
  throw refusal(TypeError, method, name, "a Future, a coroutine or an awaitable", value);
}

/**
 * An iterable collection of awaitables: not a string, and not a single
 * Future or coroutine. The message is asyncio's, with the method and what
 * came: `wait(): expect a list of futures, not 42`; `kind` is "a list"
 * (wait) or "an iterable" (asCompleted), as asyncio says.
 */
export function checkCollection(method: string, kind: string, value: unknown): void {
  const iterable =
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Future) &&
    !isCoroutine(value) &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
  if (!iterable) throw new TypeError(`${method}(): expect ${kind} of futures, not ${describe(value)}`);
}

/**
 * An options object (undefined: none) whose own keys are all `known`: a
 * misspelt option, or asyncio's snake_case name, is refused rather than ignored.
 */
export function checkOptions(method: string, value: unknown, known: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw refusal(TypeError, method, "options", "an object", value);
  }
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== "string" || !known.includes(key)) {
      throw new TypeError(`${method}() got an unknown option ${describe(key)}; it knows ${known.join(", ")}`);
    }
  }
  return value as Record<string, unknown>;
}
