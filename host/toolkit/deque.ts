/**
 * Deque: a double-ended queue on a ring buffer (Python's collections.deque,
 * as far as the toolkit needs it).
 *
 * Invariant: the items, front to back, are #slots[(#head + i) & #mask] for
 * 0 <= i < #length; the capacity (#slots.length, #mask + 1) is a power of
 * two, at least MIN_CAPACITY; every other slot holds undefined, so the
 * deque keeps nothing alive that it no longer holds.
 *
 * Costs: pushBack, pushFront, popFront, popBack, peekFront, peekBack and at
 * are O(1); pushes amortised (a full buffer doubles, copying once), pops
 * amortised too (a buffer down to a quarter full halves, so a drained
 * backlog gives its memory back; the gap between the two thresholds keeps
 * a deque that shrinks and grows by one from copying each time).
 * Iteration is O(length).
 */

/** Small enough to cost nothing for an idle primitive. */
const MIN_CAPACITY = 8;

export class Deque<T> {
  #slots: (T | undefined)[] = new Array<T | undefined>(MIN_CAPACITY).fill(undefined);
  #mask = MIN_CAPACITY - 1;
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  pushBack(item: T): void {
    if (this.#length === this.#slots.length) this.#resize(this.#slots.length * 2);
    this.#slots[(this.#head + this.#length) & this.#mask] = item;
    this.#length++;
  }

  pushFront(item: T): void {
    if (this.#length === this.#slots.length) this.#resize(this.#slots.length * 2);
    this.#head = (this.#head - 1) & this.#mask;
    this.#slots[this.#head] = item;
    this.#length++;
  }

  /** Takes the front item; undefined when empty. */
  popFront(): T | undefined {
    if (this.#length === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined;
    this.#head = (this.#head + 1) & this.#mask;
    this.#length--;
    this.#shrinkIfSparse();
    return item;
  }

  /** Takes the back item; undefined when empty. */
  popBack(): T | undefined {
    if (this.#length === 0) return undefined;
    this.#length--;
    const index = (this.#head + this.#length) & this.#mask;
    const item = this.#slots[index];
    this.#slots[index] = undefined;
    this.#shrinkIfSparse();
    return item;
  }

  peekFront(): T | undefined {
    return this.#length === 0 ? undefined : this.#slots[this.#head];
  }

  peekBack(): T | undefined {
    return this.#length === 0 ? undefined : this.#slots[(this.#head + this.#length - 1) & this.#mask];
  }

  /** The item `index` places from the front; undefined outside 0 .. length-1. */
  at(index: number): T | undefined {
    if (!(index >= 0 && index < this.#length)) return undefined;
    return this.#slots[(this.#head + index) & this.#mask];
  }

  clear(): void {
    this.#slots = new Array<T | undefined>(MIN_CAPACITY).fill(undefined);
    this.#mask = MIN_CAPACITY - 1;
    this.#head = 0;
    this.#length = 0;
  }

  /** Front to back. The deque must not change during the iteration. */
  *[Symbol.iterator](): Generator<T, void, undefined> {
    for (let i = 0; i < this.#length; i++) yield this.#slots[(this.#head + i) & this.#mask] as T;
  }

  #shrinkIfSparse(): void {
    const capacity = this.#slots.length;
    if (capacity > MIN_CAPACITY && this.#length <= capacity >> 2) this.#resize(capacity >> 1);
  }

  /** Copies the items, front first, to the start of a buffer of `capacity` slots. */
  #resize(capacity: number): void {
    const slots = new Array<T | undefined>(capacity).fill(undefined);
    for (let i = 0; i < this.#length; i++) slots[i] = this.#slots[(this.#head + i) & this.#mask];
    this.#slots = slots;
    this.#mask = capacity - 1;
    this.#head = 0;
  }
}
