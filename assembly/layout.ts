// The core's memory map and tunables, each named once. The host mirrors
// the shared part in host/core/layout.ts and host/core/types.ts ("must
// match"); test/wasm/layout.test.ts checks every constant of this file
// against them (the build compiles this file on its own into
// build/layout.wasm, whose exports are these constants).
//
// An instance hosts many cores (cores.ts); each has a descriptor and an
// arena block, both from blocks.ts.
//
//   descriptor (Descriptor below), HEADER_SIZE bytes; the host reads:
//     +TIMEOUT_OFFSET        f64  seconds to wait (Infinity: nothing scheduled)
//     +NEXT_DEADLINE_OFFSET  f64  earliest live timer's deadline, or Infinity
//     +BATCH_OFFSET          u32  where the arena (so the batch) starts
//     then the core's saved state while another core is current (cores.ts)
//
//   arena block, from its start:
//     lists  u32 slot  x capacity   [batch | ready -> ... <- free stack]
//                  batch: the slots handed to the host to run, from the start
//                  ready: FIFO of ready handles, right behind the batch
//                  free:  LIFO stack of released slots, down from the top
//     slots  u32 word  x capacity   word = generation << STATE_BITS | state
//     heap   HeapEntry x capacity   f64 when, u32 seq, u32 slot
//
// One capacity for all three regions: each slot is in at most one list or
// in the heap, so a slot's SLOT_BYTES are all it can ever need, and they are
// reserved when the slot is first taken (arena.ts). The lists come first
// so that the batch keeps its place when the regions above slide up: the
// host reads it while callbacks run, and a callback may make the core grow
// (the regions above slide up, or the whole arena moves to a larger block
// and the old one is kept until the batch is finished: arena.ts).

// ---- the descriptor ----

/** A core's descriptor. Never instantiated: it names the offsets below, as the runtime's BLOCK does. */
// @ts-ignore: decorator
@unmanaged class Descriptor {
  // Read by the host.
  timeout: f64;
  nextDeadline: f64;
  batch: u32;
  // Written by adopt() before the state is copied in.
  blockBytes: u32;
  capacity: u32;
  // The saved state (cores.ts), copied as one run of bytes when a core moves.
  freeCount: u32;
  slotsUsed: u32;
  readyLength: u32;
  batchLength: u32;
  heapLength: u32;
  cancelledCount: u32;
  nextSeq: u32;
  pending: u32;
  pendingBytes: u32;
  generationFloor: u32;
  released: u32;
  lookCost: u32;
}

/** A descriptor's block: room to spare beyond the fields, and a size class of its own (blocks.ts). */
// @ts-ignore: decorator
@inline export const HEADER_SIZE: u32 = 128;
// @ts-ignore: decorator
@inline export const TIMEOUT_OFFSET: u32 = offsetof<Descriptor>("timeout");
// @ts-ignore: decorator
@inline export const NEXT_DEADLINE_OFFSET: u32 = offsetof<Descriptor>("nextDeadline");
// @ts-ignore: decorator
@inline export const BATCH_OFFSET: u32 = offsetof<Descriptor>("batch");
// @ts-ignore: decorator
@inline export const BLOCK_BYTES_OFFSET: u32 = offsetof<Descriptor>("blockBytes");
// @ts-ignore: decorator
@inline export const CAPACITY_OFFSET: u32 = offsetof<Descriptor>("capacity");
// @ts-ignore: decorator
@inline export const FREE_COUNT_OFFSET: u32 = offsetof<Descriptor>("freeCount");
// @ts-ignore: decorator
@inline export const SLOTS_USED_OFFSET: u32 = offsetof<Descriptor>("slotsUsed");
// @ts-ignore: decorator
@inline export const READY_LENGTH_OFFSET: u32 = offsetof<Descriptor>("readyLength");
// @ts-ignore: decorator
@inline export const BATCH_LENGTH_OFFSET: u32 = offsetof<Descriptor>("batchLength");
// @ts-ignore: decorator
@inline export const HEAP_LENGTH_OFFSET: u32 = offsetof<Descriptor>("heapLength");
// @ts-ignore: decorator
@inline export const CANCELLED_COUNT_OFFSET: u32 = offsetof<Descriptor>("cancelledCount");
// @ts-ignore: decorator
@inline export const NEXT_SEQ_OFFSET: u32 = offsetof<Descriptor>("nextSeq");
// @ts-ignore: decorator
@inline export const PENDING_OFFSET: u32 = offsetof<Descriptor>("pending");
// @ts-ignore: decorator
@inline export const PENDING_BYTES_OFFSET: u32 = offsetof<Descriptor>("pendingBytes");
// @ts-ignore: decorator
@inline export const GENERATION_FLOOR_OFFSET: u32 = offsetof<Descriptor>("generationFloor");
// @ts-ignore: decorator
@inline export const RELEASED_OFFSET: u32 = offsetof<Descriptor>("released");
// @ts-ignore: decorator
@inline export const LOOK_COST_OFFSET: u32 = offsetof<Descriptor>("lookCost");
/** The saved state: the bytes the host copies when it moves a core to another instance. */
// @ts-ignore: decorator
@inline export const STATE_START: u32 = FREE_COUNT_OFFSET;
// @ts-ignore: decorator
@inline export const STATE_END: u32 = offsetof<Descriptor>();

// ---- the arena's entries ----

/** A heap entry: a timer's deadline, its sequence number (ties), its slot. */
// @ts-ignore: decorator
@unmanaged class HeapEntry {
  when: f64;
  seq: u32;
  slot: u32;
}

// @ts-ignore: decorator
@inline export const WHEN_OFFSET: u32 = offsetof<HeapEntry>("when");
// @ts-ignore: decorator
@inline export const SEQ_OFFSET: u32 = offsetof<HeapEntry>("seq");
// @ts-ignore: decorator
@inline export const SLOT_OFFSET: u32 = offsetof<HeapEntry>("slot");
// @ts-ignore: decorator
@inline export const HEAP_ENTRY_SIZE: u32 = offsetof<HeapEntry>();
/** A list entry (batch, ready, free stack) is a slot number; a slot word is a u32 too. */
// @ts-ignore: decorator
@inline export const LIST_ENTRY_SIZE: u32 = sizeof<u32>();
// @ts-ignore: decorator
@inline export const SLOT_WORD_SIZE: u32 = sizeof<u32>();
/** What one slot costs in the arena: a list entry, a slot word and a heap entry. */
// @ts-ignore: decorator
@inline export const SLOT_BYTES: u32 = LIST_ENTRY_SIZE + SLOT_WORD_SIZE + HEAP_ENTRY_SIZE;
/** Capacities are multiples of this many slots (arena.ts), so every region stays 16-byte aligned. */
// @ts-ignore: decorator
@inline export const CAPACITY_STEP: u32 = 16;

// ---- blocks and pages ----

// Block size classes (blocks.ts): 2^MIN_BLOCK_SHIFT (a descriptor) up to 2^MAX_BLOCK_SHIFT bytes.
// @ts-ignore: decorator
@inline export const MIN_BLOCK_SHIFT: u32 = 6;
// @ts-ignore: decorator
@inline export const MAX_BLOCK_SHIFT: u32 = 31;
// @ts-ignore: decorator
@inline export const BLOCK_CLASSES: u32 = MAX_BLOCK_SHIFT + 1 - MIN_BLOCK_SHIFT;
/** Where the first block starts is rounded up to this many bytes. */
// @ts-ignore: decorator
@inline export const BLOCK_ALIGN: u32 = 16;
/** A Wasm page is 2^PAGE_SHIFT bytes; a 32-bit memory has at most MAX_PAGES of them (4 GiB). */
// @ts-ignore: decorator
@inline export const PAGE_SHIFT: u32 = 16;
// @ts-ignore: decorator
@inline export const MAX_PAGES: u32 = 1 << PAGE_SHIFT;

// ---- ids and slot words ----

// Ids are generation * SLOT_SPAN + slot, carried as f64 so JS sees a plain
// number: ID_BITS is what an f64 holds exactly. 24 slot bits hold the
// required 10M+ pending timers; the generation takes the other 29, which
// with the STATE_BITS below fill a u32 slot word exactly.
// @ts-ignore: decorator
@inline export const ID_BITS: u32 = 53;
/** 2^53: every id is below it, so `id < ID_LIMIT` rejects anything an f64 cannot carry exactly. */
// @ts-ignore: decorator
@inline export const ID_LIMIT: f64 = <f64>(<u64>1 << ID_BITS);
// @ts-ignore: decorator
@inline export const SLOT_BITS: u32 = 24;
// @ts-ignore: decorator
@inline export const SLOT_SPAN: u32 = 1 << SLOT_BITS;
// @ts-ignore: decorator
@inline export const SLOT_MASK: u32 = SLOT_SPAN - 1;
/** Slot ids run 0 .. MAX_SLOTS-1. */
// @ts-ignore: decorator
@inline export const MAX_SLOTS: u32 = SLOT_SPAN - 1;
// @ts-ignore: decorator
@inline export const GENERATION_BITS: u32 = ID_BITS - SLOT_BITS;
// @ts-ignore: decorator
@inline export const MAX_GENERATION: u32 = (1 << GENERATION_BITS) - 1;

// A slot word is generation << STATE_BITS | state.
// @ts-ignore: decorator
@inline export const STATE_BITS: u32 = 32 - GENERATION_BITS;
// @ts-ignore: decorator
@inline export const STATE_MASK: u32 = (1 << STATE_BITS) - 1;
// @ts-ignore: decorator
@inline export const FREE: u32 = 0;
// @ts-ignore: decorator
@inline export const READY: u32 = 1;
// @ts-ignore: decorator
@inline export const TIMER: u32 = 2;
// @ts-ignore: decorator
@inline export const CANCELLED: u32 = 3;
/** A slot whose generation is exhausted; never reused, so no id is ever reissued. */
// @ts-ignore: decorator
@inline export const RETIRED: u32 = 4;

// ---- results (host/core/types.ts) ----

// @ts-ignore: decorator
@inline export const FULL: f64 = -1;
// @ts-ignore: decorator
@inline export const NO_MEMORY: f64 = -2;
// @ts-ignore: decorator
@inline export const WAIT: i32 = -1;
// @ts-ignore: decorator
@inline export const STALE: i32 = 0;
// @ts-ignore: decorator
@inline export const CANCELLED_READY: i32 = 1;
// @ts-ignore: decorator
@inline export const CANCELLED_TIMER: i32 = 2;

// ---- tunables ----

/** asyncio's MAXIMUM_SELECT_TIMEOUT: no single wait is longer than a day. */
// @ts-ignore: decorator
@inline export const MAX_WAIT: f64 = 24 * 3600;
// asyncio's _MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION:
// compacting tiny heaps is not worth it, and a heap is compacted once more
// than that share of it is cancelled (applied as cancelled * 2 > length).
// @ts-ignore: decorator
@inline export const MIN_HEAP_FOR_COMPACTION: u32 = 100;
// @ts-ignore: decorator
@inline export const COMPACTION_FRACTION: f64 = 0.5;
// @ts-ignore: decorator
@inline export const COMPACTION_FACTOR: u32 = <u32>(1 / COMPACTION_FRACTION);

/** Sequence numbers are u32: at SEQ_BITS bits they are renumbered (timers.ts). */
// @ts-ignore: decorator
@inline export const SEQ_BITS: u32 = 32;

/** Tables of at most this many slots (96 KiB) never shrink (shrink.ts): not worth it. */
// @ts-ignore: decorator
@inline export const SHRINK_MIN_SLOTS: u32 = 4096;
// A table shrinks once at most 1/2^SHRINK_USE_SHIFT of it is in use (and
// an arena once at most that share of its capacity is); after a shrink,
// the next look waits for 1/2^RELOOK_SHIFT of the table to be released.
// @ts-ignore: decorator
@inline export const SHRINK_USE_SHIFT: u32 = 2;
// @ts-ignore: decorator
@inline export const RELOOK_SHIFT: u32 = 3;
/** An arena grows by 1/2^GROWTH_SHIFT of its capacity: the slack stays under that share. */
// @ts-ignore: decorator
@inline export const GROWTH_SHIFT: u32 = 2;

// Initial capacity: small, so that a hundred thousand idle loops cost little
// (a descriptor and a 512-byte block each); a busy core grows geometrically.
// @ts-ignore: decorator
@inline export const INITIAL_SLOTS: u32 = 16;
