/**
 * The Wasm core's memory map and the constants of its algorithm that the
 * host follows: the descriptor fields binding.ts reads, and the slot-word
 * format and tunables the reference core (reference/) shares with it.
 * *Must* match assembly/layout.ts; test/wasm/layout.test.ts checks every
 * constant of that file against this one and types.ts.
 *
 * An instance hosts many cores; a core is named by its descriptor's address
 * (`exports.create()`), and the descriptor starts with:
 *   +TIMEOUT_OFFSET        f64  seconds to wait, written by runOnce when it returns WAIT
 *   +NEXT_DEADLINE_OFFSET  f64  the earliest live timer's deadline, idem
 *   +BATCH_OFFSET          u32  where the core's batch starts: entries 0 .. n-1
 *                              after runOnce returned n. The entries stay there
 *                              until the batch is finished, even if the core
 *                              moves meanwhile; the memory under them may be
 *                              replaced by a grow.
 */
export const HEADER_SIZE = 128;
export const TIMEOUT_OFFSET = 0;
export const NEXT_DEADLINE_OFFSET = 8;
export const BATCH_OFFSET = 16;
/**
 * To move a core to another instance (binding.ts), the host copies, after
 * `park(core)`: the arena, SLOT_BYTES x the u32 at CAPACITY_OFFSET from the
 * address at BATCH_OFFSET, and the descriptor bytes STATE_START .. STATE_END
 * (the saved state; no batch is out then) into what `adopt(capacity)` made.
 */
export const CAPACITY_OFFSET = 24;
export const STATE_START = 28;
export const STATE_END = 76;
export const SLOT_BYTES = 24;

/** A slot word is `generation << STATE_BITS | state`. */
export const STATE_BITS = 3;
export const STATE_MASK = (1 << STATE_BITS) - 1;
/** Slot states. A RETIRED slot's generation is spent: it is never reused, so no id is issued twice. */
export const FREE = 0;
export const READY = 1;
export const TIMER = 2;
export const CANCELLED = 3;
export const RETIRED = 4;

/** Sequence numbers are u32: the last one is never handed out, reaching it renumbers the heap. */
export const SEQ_BITS = 32;
/** A core's starting capacity, in slots: small, so that many idle loops cost little. */
export const INITIAL_SLOTS = 16;
/** Tables of at most this many slots never shrink: not worth it. */
export const SHRINK_MIN_SLOTS = 4096;
/** A table shrinks once at most 1/2**SHRINK_USE_SHIFT of it is in use (the arrays too, of their capacity). */
export const SHRINK_USE_SHIFT = 2;
/** After a shrink, the next look waits for 1/2**RELOOK_SHIFT of the table to be released. */
export const RELOOK_SHIFT = 3;
