/**
 * gather(...awaitables, { returnExceptions }): asyncio.gather. Invariant: the
 * outer future completes exactly once, from a child's done callback: with
 * the first failure (unless returnExceptions), or with every result in
 * argument order once all children are done. A child that is cancelled
 * counts as failing with CancelledError; the outer future itself is never
 * cancelled that way. Cancelling the outer future cancels the children that
 * are still pending and, if any of them was, makes the outer future fail
 * with CancelledError whatever returnExceptions says.
 */
import { CancelledError, FOREIGN_FUTURE } from "../errors.js";
import { Future } from "../futures.js";
import type { EventLoop } from "../loop.js";
import { ensureFuture, getRunningLoop, type TaskTarget } from "../tasks.js";
import { validateBoolean, validateOptions } from "../validate.js";
import { validateAwaitable } from "./awaitables.js";

export interface GatherOptions {
  /** Failures become results instead of failing the outer future. Default false. */
  returnExceptions?: boolean;
}

type Gatherable = Future<unknown> | TaskTarget<unknown> | PromiseLike<unknown>;

/** What an awaitable gives. */
export type ResultOf<A> =
  A extends Future<infer R>
    ? R
    : A extends Generator<unknown, infer R, any>
      ? R
      : A extends () => infer F
        ? F extends Generator<unknown, infer G, any>
          ? G
          : Awaited<F>
        : Awaited<A>;

/**
 * asyncio's _GatheringFuture: cancel() passes the request to the children
 * and, like Task.cancel(), does not cancel the outer future by itself.
 */
export class GatheringFuture<T> extends Future<T> {
  readonly #children: Future<unknown>[];
  /** @internal A child was cancelled through cancel(): the outcome is CancelledError. */
  _cancelRequested = false;

  /** @internal Use gather(). */
  constructor(children: Future<unknown>[], loop: EventLoop) {
    super(loop);
    this.#children = children;
  }

  override cancel(message?: unknown): boolean {
    if (this.done()) return false;
    let cancelledAny = false;
    for (const child of this.#children) if (child.cancel(message)) cancelledAny = true;
    if (cancelledAny) this._cancelRequested = true;
    return cancelledAny;
  }
}

/**
 * Runs the awaitables concurrently (coroutines become Tasks) and gives the
 * list of their results. A trailing plain object is the options.
 */
export function gather<A extends unknown[]>(...args: A): GatheringFuture<{ [K in keyof A]: ResultOf<A[K]> }> {
  let returnExceptions = false;
  const last = args[args.length - 1];
  if (isOptions(last)) {
    args.pop();
    const options = validateOptions(last, "gather", ["returnExceptions"]);
    if (options.returnExceptions !== undefined) validateBoolean(options.returnExceptions, "gather", "returnExceptions");
    returnExceptions = options.returnExceptions === true;
  }
  const items = args as unknown as Gatherable[];
  if (items.length === 0) {
    const loop = getRunningLoop();
    const outer = new GatheringFuture<never>([], loop);
    outer.setResult([] as never);
    return outer as unknown as GatheringFuture<any>;
  }
  // Everything is checked before the first coroutine becomes a task.
  items.forEach((item, index) => validateAwaitable(item, "gather", `argument ${index + 1}`));
  const first = items[0];
  const loop = first instanceof Future ? (first.getLoop() as EventLoop) : getRunningLoop();
  for (const item of items) {
    if (item instanceof Future && item.getLoop() !== loop) {
      throw new RangeError(FOREIGN_FUTURE);
    }
  }

  const children: Future<unknown>[] = [];
  const byArgument = new Map<unknown, Future<unknown>>();
  let outer: GatheringFuture<unknown[]> | null = null;
  let finished = 0;
  let count = 0;

  const childDone = (child: Future<unknown>): void => {
    finished++;
    if (outer === null || outer.done()) return;
    if (!returnExceptions) {
      if (child.cancelled()) {
        outer.setException(cancelledErrorOf(child));
        return;
      }
      const exception = child.exception();
      if (exception !== null) {
        outer.setException(exception);
        return;
      }
    }
    if (finished < count) return;
    const results = children.map((each) => {
      if (each.cancelled()) return cancelledErrorOf(each);
      const exception = each.exception();
      return exception !== null ? exception : each.result();
    });
    if (outer._cancelRequested) outer.setException(cancelledErrorOf(children[children.length - 1]!));
    else outer.setResult(results);
  };

  for (const item of items) {
    let child = byArgument.get(item);
    if (child === undefined) {
      child = ensureFuture(item, loop);
      count++;
      byArgument.set(item, child);
      child.addDoneCallback(childDone);
    }
    children.push(child);
  }
  outer = new GatheringFuture<unknown[]>(children, loop);
  return outer as unknown as GatheringFuture<any>;
}

/** The CancelledError a cancelled future gives (its message), or an empty one if it is not cancelled. */
function cancelledErrorOf(future: Future<unknown>): CancelledError {
  if (!future.cancelled()) return new CancelledError();
  try {
    future.result();
  } catch (error) {
    if (error instanceof CancelledError) return error;
  }
  return new CancelledError();
}

function isOptions(value: unknown): value is GatherOptions {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { then?: unknown }).then !== "function";
}
