/**
 * Handles: what callSoon / callLater / callAt return.
 *
 * A handle is a small view of a scheduled callback: the loop itself keeps
 * only the callback (indexed by the core's slot), never the handle, so a
 * handle nobody keeps costs nothing once the call returns.
 */
import { SLOT_MASK, SLOT_SPAN } from "./core/types.js";
import { formatCallback } from "./format.js";

/** What a handle needs from its loop's callback table (host/dispatch.ts). */
export interface HandleOwner {
  /** Forgets the callback of `id` if it is still pending; stale ids are ignored. */
  cancelScheduled(id: number): void;
}

export class Handle {
  /** @internal */ _owner: HandleOwner | null;
  // The id kept as two small integers rather than one number above 2**31,
  // which V8 would box in a separate heap object per handle.
  /** @internal */ _slot: number;
  /** @internal */ _generation: number;
  /** @internal */ _callback: Function | null;
  /** @internal */ _args: readonly unknown[] | null;
  /** @internal */ _cancelled = false;

  /** @internal Use loop.callSoon(). */
  constructor(owner: HandleOwner | null, id: number, callback: Function, args: readonly unknown[]) {
    this._owner = owner;
    this._slot = id & SLOT_MASK;
    this._generation = (id - this._slot) / SLOT_SPAN;
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
    this._owner?.cancelScheduled(this._generation * SLOT_SPAN + this._slot);
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

/**
 * A handle for a callback that ran or is running (what the exception handler
 * and slow-callback warnings describe): a TimerHandle when `when` is a
 * deadline, a Handle when it is NaN; owned by nobody, so cancel() only marks it.
 */
export function detachedHandle(
  slot: number,
  when: number,
  callback: Function,
  args: readonly unknown[],
  cancelled: boolean,
): Handle {
  const handle =
    when === when ? new TimerHandle(null, slot, when, callback, args) : new Handle(null, slot, callback, args);
  if (cancelled) handle._cancelled = true;
  return handle;
}
