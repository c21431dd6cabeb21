// Blocks of linear memory for the cores an instance hosts: a bump pointer and
// one free list per power-of-two size class.
//
// Invariant: [start, top) is carved into blocks, each owned by one core (a
// descriptor or an arena) or on the free list of the largest class that fits
// in it (the list is threaded through the blocks' first words). A block freed
// at the top gives its bytes back to the bump pointer instead.
// Costs: take O(1), give O(1); no coalescing: blocks of a class are reused as
// that class. The memory itself never shrinks (Wasm cannot); the host drops
// an instance once it hosts no open core, and that returns all of it.
// Only the block at the top can grow in place (extend), which is how one
// large core grows without copying, as it did when each core had an
// instance of its own.

import { BLOCK_ALIGN, BLOCK_CLASSES, MAX_BLOCK_SHIFT, MAX_PAGES, MIN_BLOCK_SHIFT, PAGE_SHIFT } from "./layout";

/** The free lists' heads, one u32 per size class. */
const heads = memory.data(BLOCK_CLASSES * sizeof<u32>());

/** End of the carved memory: blocks lie below it, the bump pointer is here. */
export let top: usize = 0;
/** The size of the block `take` handed out last (its class's size). */
export let takenBytes: usize = 0;

export function initBlocks(): void {
  top = (__heap_base + BLOCK_ALIGN - 1) & ~(BLOCK_ALIGN - 1);
}

/** A block of at least `bytes` (a whole class); 0 when the memory cannot grow. */
export function take(bytes: u64): usize {
  if (bytes > (<u64>1 << MAX_BLOCK_SHIFT)) return 0;
  const size = <u32>bytes;
  const shift = size <= (1 << MIN_BLOCK_SHIFT) ? MIN_BLOCK_SHIFT : 32 - clz(size - 1);
  const head = heads + (<usize>(shift - MIN_BLOCK_SHIFT) << alignof<u32>());
  const block = load<u32>(head);
  takenBytes = <usize>1 << shift;
  if (block != 0) {
    store<u32>(head, load<u32>(block));
    return block;
  }
  const at = top;
  if (!reserve(<u64>at + <u64>takenBytes)) return 0;
  top = at + takenBytes;
  return at;
}

/** Gives back a block of `bytes` taken before (or extended). */
export function give(block: usize, bytes: usize): void {
  if (block + bytes == top) {
    top = block;
    return;
  }
  const shift = 31 - clz(<u32>bytes);
  const head = heads + (<usize>(shift - MIN_BLOCK_SHIFT) << alignof<u32>());
  store<u32>(block, load<u32>(head));
  store<u32>(head, block);
}

// @ts-ignore: decorator
@inline export function isTop(block: usize, bytes: usize): bool {
  return block + bytes == top;
}

/** Grows the block at the top to `bytes`; false when the memory cannot grow. */
export function extend(block: usize, bytes: u64): bool {
  if (!reserve(<u64>block + bytes)) return false;
  top = block + <usize>bytes;
  return true;
}

function reserve(end: u64): bool {
  const pages = <i32>((end + ((1 << PAGE_SHIFT) - 1)) >> PAGE_SHIFT);
  if (pages > <i32>MAX_PAGES) return false;
  const have = memory.size();
  return pages <= have || memory.grow(pages - have) >= 0;
}
