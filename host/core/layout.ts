/**
 * The part of the Wasm core's memory map the host reads.
 * *Must* match assembly/layout.ts; test/wasm/layout.test.ts checks both.
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
