/**
 * The reference core's ready queue and batch (assembly/ready.ts): two
 * lists of slots.
 *
 * asyncio's batch is "everything ready when the iteration starts its run
 * phase", so the whole queue becomes the batch at once: the ready list is
 * filtered in place and the two buffers swap, which costs nothing and
 * leaves the old batch buffer empty for new soon()s.
 * Invariant: a READY slot is in the ready list or in the batch, never both;
 * a CANCELLED one not in the heap is in exactly one of them too, so neither
 * list outgrows the capacity the core shares among its structures.
 * Costs: push O(1); handing out O(r); finishing O(b).
 */
import type { SlotTable } from "./slots.js";

export interface ListArrays {
  ready: Uint32Array;
  batch: Uint32Array;
}

export class ReadyLists {
  ready: Uint32Array = new Uint32Array(0);
  /** The slots handed out by the last handOut(), in run order: 0 .. batchLength-1. */
  batch: Uint32Array = new Uint32Array(0);
  readyLength = 0;
  batchLength = 0;

  static arrays(capacity: number): ListArrays {
    return { ready: new Uint32Array(capacity), batch: new Uint32Array(capacity) };
  }

  /** Takes arrays of another capacity, everything live copied over. */
  adopt(arrays: ListArrays): void {
    arrays.ready.set(this.ready.subarray(0, this.readyLength));
    arrays.batch.set(this.batch.subarray(0, this.batchLength));
    this.ready = arrays.ready;
    this.batch = arrays.batch;
  }

  clear(): void {
    this.readyLength = 0;
    this.batchLength = 0;
  }

  push(slot: number): void {
    this.ready[this.readyLength++] = slot;
  }

  /** The ready list becomes the batch, cancelled slots released; returns its length. */
  handOut(slots: SlotTable): number {
    const list = this.ready;
    let n = 0;
    for (let i = 0; i < this.readyLength; i++) {
      const slot = list[i];
      if (slots.isCancelled(slot)) slots.release(slot);
      else list[n++] = slot;
    }
    this.ready = this.batch;
    this.batch = list;
    this.batchLength = n;
    this.readyLength = 0;
    return n;
  }

  /** The batch has run: its slots are released, in batch order. */
  finish(slots: SlotTable): void {
    const done = this.batch;
    for (let i = 0; i < this.batchLength; i++) slots.release(done[i]);
    this.batchLength = 0;
  }
}
