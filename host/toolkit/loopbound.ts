/**
 * asyncio's _LoopBoundMixin. Invariant: a primitive (Lock, Queue, ...) is
 * bound to the first loop that uses it while running, and refuses to work
 * from any other loop afterwards.
 */
import { RuntimeError } from "../errors.js";
import type { EventLoop } from "../loop.js";
import { getRunningLoop } from "../tasks.js";

export class LoopBound {
  #loop: EventLoop | null = null;

  /** The running loop, once checked to be this primitive's loop (for the subclasses). */
  protected boundLoop(): EventLoop {
    const loop = getRunningLoop();
    this.#loop ??= loop;
    if (loop !== this.#loop) throw new RuntimeError(`${this} is bound to a different event loop`);
    return loop;
  }
}
