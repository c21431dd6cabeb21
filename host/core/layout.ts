/**
 * The part of the Wasm core's memory map the host reads.
 * *Must* match assembly/layout.ts; test/core/layout.test.ts checks both.
 *
 *   base = exports.layoutBase()
 *   base + 0     header: f64 timeout at +TIMEOUT_OFFSET, f64 nextDeadline at
 *                +NEXT_DEADLINE_OFFSET (written by runOnce when it returns WAIT)
 *   base + 64    batch: u32 slots, entries 0 .. n-1 after runOnce returned n.
 *                It never moves; the memory under it may be replaced by a grow.
 */
export const HEADER_SIZE = 64;
export const TIMEOUT_OFFSET = 0;
export const NEXT_DEADLINE_OFFSET = 8;
