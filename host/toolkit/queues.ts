/**
 * Queue, PriorityQueue, LifoQueue: asyncio's queues. Invariant: a get()
 * waits only while the queue is empty and a put() only while it is full;
 * each putNowait()/getNowait() wakes the oldest waiting getter/putter still
 * waiting (one, never more), and a woken waiter that is cancelled instead
 * passes its wake-up on. shutdown() (asyncio 3.13) makes puts fail at once
 * and gets fail once the queue is empty (at once if `immediate`, which also
 * drops the items); every blocked put() and get() wakes to see it.
 *
 * Costs: a put or a get is O(1) amortised in Queue (a ring buffer) and
 * LifoQueue (an array's end), O(log n) in PriorityQueue (a binary heap with
 * heapq's order, so items of equal priority come out as they do in
 * CPython); waking, and a cancelled waiter's leaving, O(1) amortised
 * (waiterqueue.ts).
 */
import { QueueEmpty, QueueFull, QueueShutDown } from "../errors.js";
import { describe, repr } from "../format.js";
import type { Future } from "../futures.js";
import { type AwaitableCoroutine, coroutine } from "../tasks.js";
import { validateBoolean, validateCallback, validateNumber } from "../validate.js";
import { Deque } from "./deque.js";
import { Event } from "./event.js";
import { LoopBound } from "./loopbound.js";
import { WaiterQueue } from "./waiterqueue.js";

/** As many items as a repr shows, and one more to tell it there are more. */
const REPR_ITEMS = 7;

export class Queue<T = unknown> extends LoopBound {
  readonly #maxsize: number;
  /** Futures of waiting get() / put() calls, oldest first. */
  #getters = new WaiterQueue<Future<void>>();
  #putters = new WaiterQueue<Future<void>>();
  #unfinishedTasks = 0;
  readonly #finished = new Event();
  #isShutdown = false;

  /** `maxsize` <= 0 (the default) means unbounded. */
  constructor(maxsize = 0) {
    super();
    // The subclass's name, with "()" given here: it need not be a plain identifier.
    validateNumber(maxsize, `${new.target.name}()`, "maxsize");
    this.#maxsize = maxsize;
    this.#finished.set();
  }

  // The storage (asyncio's _put, _get, qsize): subclasses change the order
  // by overriding all of these.

  readonly #items = new Deque<T>();
  /** @internal */
  protected _put(item: T): void {
    this.#items.pushBack(item);
  }
  /** @internal Only called when the queue is not empty. */
  protected _get(): T {
    return this.#items.popFront()!;
  }
  /** @internal */
  protected _size(): number {
    return this.#items.length;
  }
  /** @internal Drops every item. */
  protected _clear(): void {
    this.#items.clear();
  }
  /** @internal Up to `count` items in storage order, for the repr. */
  protected _firstItems(count: number): T[] {
    const items: T[] = [];
    for (let i = 0; i < count && i < this.#items.length; i++) items.push(this.#items.at(i)!);
    return items;
  }

  qsize(): number {
    return this._size();
  }

  get maxsize(): number {
    return this.#maxsize;
  }

  empty(): boolean {
    return this._size() === 0;
  }

  /** True when a put() would wait; never for an unbounded queue. */
  full(): boolean {
    return this.#maxsize > 0 && this.qsize() >= this.#maxsize;
  }

  /** Puts `item`, waiting while the queue is full: `yield* q.put(x)` or `await q.put(x)`. */
  put(item: T): AwaitableCoroutine<void> {
    return Queue.#put(this, item) as AwaitableCoroutine<void>;
  }

  static #put = coroutine(function* put(queue: Queue<unknown>, item: unknown) {
    while (queue.full()) {
      if (queue.#isShutdown) throw new QueueShutDown();
      const putter = queue.boundLoop().createFuture<void>();
      const entry = queue.#putters.add(putter);
      try {
        yield putter;
      } catch (error) {
        putter.cancel();
        queue.#putters.remove(entry);
        // Woken by a get, then cancelled: the free slot goes to the next putter.
        if (!queue.full() && !putter.cancelled()) wakeupNext(queue.#putters);
        throw error;
      }
    }
    queue.putNowait(item);
  });

  /** Puts `item` at once; QueueFull if there is no room, QueueShutDown after shutdown(). */
  putNowait(item: T): void {
    if (this.#isShutdown) throw new QueueShutDown();
    if (this.full()) throw new QueueFull();
    this._put(item);
    this.#unfinishedTasks++;
    this.#finished.clear();
    wakeupNext(this.#getters);
  }

  /** Takes an item, waiting while the queue is empty: `yield* q.get()` or `await q.get()`. */
  get(): AwaitableCoroutine<T> {
    return Queue.#get(this) as AwaitableCoroutine<T>;
  }

  static #get = coroutine(function* get(queue: Queue<unknown>) {
    while (queue.empty()) {
      if (queue.#isShutdown) throw new QueueShutDown();
      const getter = queue.boundLoop().createFuture<void>();
      const entry = queue.#getters.add(getter);
      try {
        yield getter;
      } catch (error) {
        getter.cancel();
        queue.#getters.remove(entry);
        // Woken by a put, then cancelled: the item goes to the next getter.
        if (!queue.empty() && !getter.cancelled()) wakeupNext(queue.#getters);
        throw error;
      }
    }
    return queue.getNowait();
  });

  /** Takes an item at once; QueueEmpty if there is none (QueueShutDown if shut down). */
  getNowait(): T {
    if (this.empty()) {
      if (this.#isShutdown) throw new QueueShutDown();
      throw new QueueEmpty();
    }
    const item = this._get();
    wakeupNext(this.#putters);
    return item;
  }

  /** One item taken earlier is fully processed; join() returns once all are. */
  taskDone(): void {
    if (this.#unfinishedTasks <= 0) throw new RangeError("task_done() called too many times");
    this.#unfinishedTasks--;
    if (this.#unfinishedTasks === 0) this.#finished.set();
  }

  /** Waits until every item put has been taken and marked done. */
  join(): AwaitableCoroutine<void> {
    return Queue.#join(this);
  }

  static #join = coroutine(function* join(queue: Queue<unknown>) {
    if (queue.#unfinishedTasks > 0) yield* queue.#finished.wait();
  });

  /**
   * Shuts the queue down: puts throw QueueShutDown from now on, gets once
   * the queue is empty. `immediate` also drops the items (each counts as
   * done for join()). Every blocked put() and get() wakes up to check.
   */
  shutdown(immediate = false): void {
    validateBoolean(immediate, `${this.constructor.name}.shutdown()`, "immediate");
    this.#isShutdown = true;
    if (immediate) {
      // Each item dropped counts as done, as asyncio's loop of _get() calls does.
      this.#unfinishedTasks = Math.max(0, this.#unfinishedTasks - this._size());
      this._clear();
      if (this.#unfinishedTasks === 0) this.#finished.set();
    }
    // Every getter must look again, and find the queue empty and shut down.
    wakeupAll(this.#getters);
    wakeupAll(this.#putters);
  }

  override toString(): string {
    let text = `maxsize=${this.#maxsize}`;
    if (!this.empty()) text += ` _queue=${repr(this._firstItems(REPR_ITEMS))}`;
    if (this.#getters.size) text += ` _getters[${this.#getters.size}]`;
    if (this.#putters.size) text += ` _putters[${this.#putters.size}]`;
    if (this.#unfinishedTasks) text += ` tasks=${this.#unfinishedTasks}`;
    if (this.#isShutdown) text += " shutdown";
    return `<${this.constructor.name} ${text}>`;
  }
}

/** Wakes the oldest waiter that is still waiting (dropping the others on the way). */
function wakeupNext(waiters: WaiterQueue<Future<void>>): void {
  for (let waiter = waiters.shift(); waiter !== undefined; waiter = waiters.shift()) {
    if (!waiter.done()) {
      waiter.setResult(undefined);
      return;
    }
  }
}

function wakeupAll(waiters: WaiterQueue<Future<void>>): void {
  for (let waiter = waiters.shift(); waiter !== undefined; waiter = waiters.shift()) {
    if (!waiter.done()) waiter.setResult(undefined);
  }
}

/** Last in, first out. */
export class LifoQueue<T = unknown> extends Queue<T> {
  #stack: T[] = [];

  protected override _put(item: T): void {
    this.#stack.push(item);
  }
  protected override _get(): T {
    return this.#stack.pop()!;
  }
  protected override _size(): number {
    return this.#stack.length;
  }
  protected override _clear(): void {
    this.#stack = [];
  }
  protected override _firstItems(count: number): T[] {
    return this.#stack.slice(0, count);
  }
}

/**
 * Lowest first, as Python's `<` orders items: numbers, strings, bigints, and
 * arrays compared element by element like tuples (`[priority, data]`).
 * `lessThan` replaces that order.
 */
export class PriorityQueue<T = unknown> extends Queue<T> {
  readonly #lessThan: (a: T, b: T) => boolean;
  /** A binary min-heap: no item is less than its parent. */
  #heap: T[] = [];

  constructor(maxsize = 0, lessThan: (a: T, b: T) => boolean = pythonLessThan) {
    super(maxsize);
    validateCallback(lessThan, "PriorityQueue", "lessThan");
    this.#lessThan = lessThan;
  }

  // heapq's sift order (up from the new leaf on a push; on a pop, down to a
  // leaf by the lesser child, then back up), so ties come out as in CPython.
  // Each first finds where the items go, then moves them: a comparison that
  // throws leaves the heap as it was.

  protected override _put(item: T): void {
    const heap = this.#heap;
    let position = heap.length;
    while (position > 0) {
      const parent = (position - 1) >> 1;
      if (!this.#less(item, heap[parent]!, "putNowait")) break;
      position = parent;
    }
    for (let hole = heap.length; hole > position; hole = (hole - 1) >> 1) heap[hole] = heap[(hole - 1) >> 1]!;
    heap[position] = item;
  }

  protected override _get(): T {
    const heap = this.#heap;
    const end = heap.length - 1;
    const top = heap[0]!;
    if (end === 0) return heap.pop()!;
    const last = heap[end]!;
    // The path of lesser children from the root down to a leaf (among the first `end` slots).
    const path = [0];
    for (let child = 1; child < end; child = 2 * child + 1) {
      const right = child + 1;
      if (right < end && !this.#less(heap[child]!, heap[right]!, "getNowait")) child = right;
      path.push(child);
    }
    // Once the path has moved up one step, `last` climbs back from the leaf while less than what is above it.
    let stop = path.length - 1;
    while (stop > 0 && this.#less(last, heap[path[stop]!]!, "getNowait")) stop--;
    for (let i = 0; i < stop; i++) heap[path[i]!] = heap[path[i + 1]!]!;
    heap[path[stop]!] = last;
    heap.pop();
    return top;
  }

  protected override _size(): number {
    return this.#heap.length;
  }

  protected override _clear(): void {
    this.#heap = [];
  }

  protected override _firstItems(count: number): T[] {
    return this.#heap.slice(0, count);
  }

  /** The order; the default one names the method that met items it cannot order. */
  #less(a: T, b: T, method: string): boolean {
    if (this.#lessThan !== pythonLessThan) return this.#lessThan(a, b);
    try {
      return pythonLessThan(a, b);
    } catch (error) {
      throw new TypeError(`PriorityQueue.${method}(): ${(error as Error).message}; give PriorityQueue a lessThan`);
    }
  }
}

/** Python's `<` for the values a priority usually is. */
function pythonLessThan(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (pythonLessThan(a[i], b[i])) return true;
      if (pythonLessThan(b[i], a[i])) return false;
    }
    return a.length < b.length;
  }
  const kind = typeof a;
  if (kind === typeof b && (kind === "number" || kind === "string" || kind === "bigint" || kind === "boolean")) {
    return (a as number) < (b as number);
  }
  throw new TypeError(`'<' not supported between ${describe(a)} and ${describe(b)}`);
}
