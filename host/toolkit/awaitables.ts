/**
 * The toolkit's checks of what it is given to await: one awaitable
 * (gather's arguments, shield, waitFor, asCompleted's items) or a
 * collection of them (wait, asCompleted). They need the Future class and
 * the tasks' idea of a coroutine, so they live up here, above futures.ts
 * and tasks.ts; validate.ts, below both, words their refusals as it words
 * every other.
 */
import { describe } from "../format.js";
import { Future } from "../futures.js";
import { isCoroutine } from "../tasks.js";
import { asyncioError, expectedError, isThenable } from "../validate.js";

/** What ensureFuture() takes: a Future, a coroutine (or async/generator function), a thenable. */
export function validateAwaitable(value: unknown, method: string, name: string): void {
  // A then getter that throws makes no thenable (isThenable answers false).
  if (value instanceof Future || isCoroutine(value) || isThenable(value)) return;
  throw expectedError(TypeError, method, name, "a Future, a coroutine or an awaitable", value);
}

/**
 * An iterable collection of awaitables: not a string, and not a single
 * Future or coroutine. The message is asyncio's, with what came:
 * `wait(): expect a list of futures, not 42`; `kind` is "a list" (wait) or
 * "an iterable" (asCompleted), as asyncio says.
 */
export function validateCollection(value: unknown, method: string, kind: string): void {
  const iterable =
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Future) &&
    !isCoroutine(value) &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
  if (!iterable) throw asyncioError(TypeError, method, `expect ${kind} of futures, not ${describe(value)}`);
}
