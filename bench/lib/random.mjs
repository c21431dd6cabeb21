// @ts-check
// The benchmark's deadlines. bench/py/loops.py implements the same generator,
// so every subject, in every language, schedules the very same delays.

/** xorshift32 with a fixed seed: deterministic, and cheap enough to precompute a million values. */
export function xorshift32(seed = 0x9e3779b9) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/**
 * Delays for timers that must stay pending (timers-sc, memory): whole
 * milliseconds in [1, 100000], so Node's setTimeout sees integers (a
 * fractional delay would give every timer its own list) and every subject
 * sees the same spread.
 */
export function pendingDelaysMs(n) {
  const next = xorshift32();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 + (next() % 100000);
  return out;
}

/** Delays for virtual-time draining: seconds, uniform in [0, 1000), all distinct in practice. */
export function virtualDelaysSeconds(n) {
  const next = xorshift32();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (next() / 2 ** 32) * 1000;
  return out;
}

/**
 * Delays for hosts without virtual time (Node's setTimeout, uvloop): whole
 * milliseconds in [1, 32], all due before the dispatch phase starts.
 */
export function shortDelaysMs(n) {
  const next = xorshift32();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 + (next() % 32);
  return out;
}
