// @ts-check
// Summaries of per-round figures. Medians, not means: one GC pause or one
// noisy neighbour on a shared core moves a mean, not a median.

export function summarize(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], rounds: sorted.length };
}

/**
 * How many times `slower` costs `faster`: > 1 means `faster` wins. The range
 * pairs the extremes (best against worst and worst against best), so a ratio
 * whose range straddles 1 is within noise.
 */
export function ratio(slower, faster) {
  if (!slower || !faster || !(faster.median > 0)) return null;
  return {
    median: slower.median / faster.median,
    min: slower.min / faster.max,
    max: slower.max / faster.min,
  };
}
