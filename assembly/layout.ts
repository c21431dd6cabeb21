// The core's memory map and tunables. The host mirrors the shared part in
// host/core/layout.ts ("must match"); test/core/layout.test.ts checks both.
//
// An instance hosts many cores (cores.ts); each has a descriptor and an
// arena block, both from blocks.ts.
//
//   descriptor, HEADER_SIZE bytes; the first part is read by the host:
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
//     slots  u32 word  x capacity   word = generation << 3 | state
//     heap   16 bytes  x capacity   f64 when, u32 seq, u32 slot
//
// One capacity for all three regions: each slot is in at most one list or
// in the heap, so a slot's 24 bytes are all it can ever need, and they are
// reserved when the slot is first taken (arena.ts). The lists come first
// so that the batch keeps its place when the regions above slide up: the
// host reads it while callbacks run, and a callback may make the core grow (the regions above slide up, or the
// whole arena moves to a larger block and the old one is kept until the
// batch is finished: arena.ts).

// @ts-ignore: decorator
@inline export const HEADER_SIZE: u32 = 128;
// @ts-ignore: decorator
@inline export const TIMEOUT_OFFSET: u32 = 0;
// @ts-ignore: decorator
@inline export const NEXT_DEADLINE_OFFSET: u32 = 8;
// @ts-ignore: decorator
@inline export const BATCH_OFFSET: u32 = 16;
// The saved state (cores.ts), u32 each.
// @ts-ignore: decorator
@inline export const BLOCK_BYTES_OFFSET: u32 = 20;
// @ts-ignore: decorator
@inline export const CAPACITY_OFFSET: u32 = 24;
// @ts-ignore: decorator
@inline export const FREE_COUNT_OFFSET: u32 = 28;
// @ts-ignore: decorator
@inline export const SLOTS_USED_OFFSET: u32 = 32;
// @ts-ignore: decorator
@inline export const READY_LENGTH_OFFSET: u32 = 36;
// @ts-ignore: decorator
@inline export const BATCH_LENGTH_OFFSET: u32 = 40;
// @ts-ignore: decorator
@inline export const HEAP_LENGTH_OFFSET: u32 = 44;
// @ts-ignore: decorator
@inline export const CANCELLED_COUNT_OFFSET: u32 = 48;
// @ts-ignore: decorator
@inline export const NEXT_SEQ_OFFSET: u32 = 52;
// @ts-ignore: decorator
@inline export const PENDING_OFFSET: u32 = 56;
// @ts-ignore: decorator
@inline export const PENDING_BYTES_OFFSET: u32 = 60;
// @ts-ignore: decorator
@inline export const GENERATION_FLOOR_OFFSET: u32 = 64;
// @ts-ignore: decorator
@inline export const RELEASED_OFFSET: u32 = 68;
// @ts-ignore: decorator
@inline export const LOOK_COST_OFFSET: u32 = 72;

// @ts-ignore: decorator
@inline export const HEAP_ENTRY_SIZE: u32 = 16;
// A list entry, a slot word and a heap entry.
// @ts-ignore: decorator
@inline export const SLOT_BYTES: u32 = 24;

// Block size classes (blocks.ts): 2^MIN_BLOCK_SHIFT (a descriptor) up to 2^31 bytes.
// @ts-ignore: decorator
@inline export const MIN_BLOCK_SHIFT: u32 = 6;
// @ts-ignore: decorator
@inline export const BLOCK_CLASSES: u32 = 32 - MIN_BLOCK_SHIFT;

// Ids are generation * 2^SLOT_BITS + slot, carried as f64 so JS sees a plain
// number; 24 slot bits hold the required 10M+ pending timers, 29 generation
// bits keep ids below 2^53.
// @ts-ignore: decorator
@inline export const SLOT_BITS: u32 = 24;
// @ts-ignore: decorator
@inline export const SLOT_MASK: u32 = (1 << SLOT_BITS) - 1;
// @ts-ignore: decorator
@inline export const MAX_SLOTS: u32 = (1 << SLOT_BITS) - 1;
// @ts-ignore: decorator
@inline export const MAX_GENERATION: u32 = (1 << 29) - 1;

// Slot states (low 3 bits of a slot word).
// @ts-ignore: decorator
@inline export const FREE: u32 = 0;
// @ts-ignore: decorator
@inline export const READY: u32 = 1;
// @ts-ignore: decorator
@inline export const TIMER: u32 = 2;
// @ts-ignore: decorator
@inline export const CANCELLED: u32 = 3;
// A slot whose generation is exhausted; never reused, so no id is ever reissued.
// @ts-ignore: decorator
@inline export const RETIRED: u32 = 4;
// @ts-ignore: decorator
@inline export const STATE_MASK: u32 = 7;

// Results shared with host/core/types.ts.
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

// asyncio's MAXIMUM_SELECT_TIMEOUT: no single wait is longer than a day.
// @ts-ignore: decorator
@inline export const MAX_WAIT: f64 = 24 * 3600;
// asyncio's _MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION
// (0.5, applied as cancelled * 2 > length): compacting tiny heaps is not worth it.
// @ts-ignore: decorator
@inline export const MIN_HEAP_FOR_COMPACTION: u32 = 100;

// Tables of at most this many slots (96 KiB) never shrink (shrink.ts): not worth it.
// @ts-ignore: decorator
@inline export const SHRINK_MIN_SLOTS: u32 = 4096;

// Initial capacity: small, so that a hundred thousand idle loops cost little
// (a descriptor and a 512-byte block each); a busy core grows geometrically.
// @ts-ignore: decorator
@inline export const INITIAL_SLOTS: u32 = 16;
