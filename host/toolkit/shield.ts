/**
 * shield(awaitable): asyncio.shield. Invariant: the outer future mirrors the
 * inner one (result, exception, cancellation), but cancelling the outer
 * future never reaches the inner one; once the outer future is done it stops
 * listening to the inner one. An inner future already done is returned as it is.
 */
import type { Future } from "../futures.js";
import type { EventLoop } from "../loop.js";
import { ensureFuture, type TaskTarget } from "../tasks.js";
import { validateAwaitable } from "./awaitables.js";

/** Awaits `awaitable` while protecting it from the awaiting task's cancellation. */
export function shield<T>(awaitable: Future<T> | TaskTarget<T> | PromiseLike<T>): Future<T> {
  validateAwaitable(awaitable, "shield", "awaitable");
  const inner = ensureFuture(awaitable);
  if (inner.done()) return inner;
  const outer = (inner.getLoop() as EventLoop).createFuture<T>();

  const innerDone = (): void => {
    if (outer.cancelled()) return;
    if (inner.cancelled()) {
      outer.cancel();
      return;
    }
    const exception = inner.exception();
    if (exception !== null) outer.setException(exception);
    else outer.setResult(inner.result());
  };
  const outerDone = (): void => {
    if (!inner.done()) inner.removeDoneCallback(innerDone);
  };

  inner.addDoneCallback(innerDone);
  outer.addDoneCallback(outerDone);
  return outer;
}
