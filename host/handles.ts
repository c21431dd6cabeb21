/**
 * Handles: what callSoon / callLater / callAt return.
 *
 * A handle is a small view of a scheduled callback: the loop itself keeps
 * only the callback (indexed by the core's slot), never the handle, so a
 * handle nobody keeps costs nothing once the call returns.
 */
import { formatCallback } from "./format.js";

/** What a handle needs from its loop. */
export interface HandleOwner {
  /** @internal Forgets the callback of `id` if it is still pending; stale ids are ignored. */
  _cancelScheduled(id: number): void;
}

export class Handle {
  /** @internal */ _owner: HandleOwner | null;
  /** @internal */ _id: number;
  /** @internal */ _callback: Function | null;
  /** @internal */ _args: readonly unknown[] | null;
  /** @internal */ _cancelled = false;
  /** @internal Debug mode: where the handle was scheduled (asyncio's source_traceback). */
  _sourceTraceback: string | undefined = undefined;

  /** @internal Use loop.callSoon(). */
  constructor(owner: HandleOwner | null, id: number, callback: Function, args: readonly unknown[]) {
    this._owner = owner;
    this._id = id;
    this._callback = callback;
    this._args = args;
  }

  /**
   * Cancels the callback if it has not run yet; a second call does nothing.
   * Like asyncio, it drops the callback and its arguments.
   */
  cancel(): void {
    if (this._cancelled) return;
    this._cancelled = true;
    this._owner?._cancelScheduled(this._id);
    this._owner = null;
    this._callback = null;
    this._args = null;
  }

  cancelled(): boolean {
    return this._cancelled;
  }

  /** asyncio's repr: `<Handle boom(1, 'x')>`. */
  toString(): string {
    return `<${this._kind()}${this._describeState()}>`;
  }

  /** @internal */
  _kind(): string {
    return "Handle";
  }

  /** @internal */
  _describeState(): string {
    if (this._cancelled) return " cancelled";
    return this._callback ? ` ${formatCallback(this._callback, this._args ?? [])}` : "";
  }
}

export class TimerHandle extends Handle {
  /** @internal */ readonly _when: number;

  /** @internal Use loop.callLater() or loop.callAt(). */
  constructor(owner: HandleOwner | null, id: number, when: number, callback: Function, args: readonly unknown[]) {
    super(owner, id, callback, args);
    this._when = when;
  }

  /** The absolute deadline on the loop's clock, in seconds. */
  when(): number {
    return this._when;
  }

  /** @internal */
  override _kind(): string {
    return "TimerHandle";
  }

  /** @internal */
  override _describeState(): string {
    // asyncio's order: <TimerHandle cancelled when=5> / <TimerHandle when=5 cb()>
    if (this._cancelled) return ` cancelled when=${this._when}`;
    return ` when=${this._when}${super._describeState()}`;
  }
}
