/**
 * Differential fuzzing of two scheduling cores.
 *
 * Both cores receive the same random sequence of calls; after every call the return
 * value and everything observable (counters, the batch after a run, timeout and
 * nextDeadline after WAIT) must be identical. The contract fixes ids exactly (slot reuse
 * order, generations, compaction's free order), so any divergence is a bug in one core.
 *
 * A sequence is plain data (see `Op`), so fast-check can shrink a failure down to the
 * few calls that matter. Operations that name an id refer to ids issued earlier in the
 * same sequence by index, which keeps them meaningful while shrinking.
 *
 * Used by test/core/fuzz.test.ts and, bundled by esbuild, by scripts/fuzz.mjs.
 */
import fc from "fast-check";
import { FULL, MAX_GENERATION, MAX_WAIT, type SchedulingCore, SLOT_SPAN, WAIT } from "../../host/core/types.js";

export type Op =
  /** soon() */
  | { op: "soon" }
  /** at(now + delta); delta may be negative or ±Infinity */
  | { op: "at"; delta: number }
  /** at(when) for any non-NaN double */
  | { op: "atAbs"; when: number }
  /** `count` soon() calls: how sequences grow past the cores' initial capacities */
  | { op: "soonMany"; count: number }
  /** `count` timers at now + ((i * 7 + offset) % spread) * step: many ties when count > spread */
  | { op: "atMany"; count: number; spread: number; offset: number; step: number }
  /** cancel() of an id issued earlier (live or stale), `back` places from the newest */
  | { op: "cancel"; back: number }
  /** cancel() of an arbitrary number: never issued, negative, fractional, NaN, huge */
  | { op: "cancelRaw"; id: number }
  /** cancel() of an issued id with its generation shifted: an id the slot had, or will have */
  | { op: "cancelForged"; back: number; generations: number }
  /**
   * cancel() of every `every`-th of the `window` newest issued ids (timer ids only if
   * `timers`), from `offset`, oldest first unless `reverse`: how heaps get mostly cancelled
   */
  | { op: "cancelMany"; window: number; every: number; offset: number; reverse: boolean; timers: boolean }
  /** the clock moves by `advance` (>= 0), then runOnce */
  | { op: "run"; advance: number; resolution: number; stopping: boolean }
  /** as a virtual clock does after WAIT: now = max(now, nextDeadline) if finite, then runOnce */
  | { op: "runToDeadline"; resolution: number }
  /** finishBatch(), as the loop calls it when a batch has run */
  | { op: "finish" }
  /**
   * `count` handles due now (ready ones, or timers), one run that hands them
   * out, then finishBatch(): a burst then a drain, which is what makes the
   * tables shrink (over 1024 slots, a quarter or less in use)
   */
  | { op: "burst"; count: number; timers: boolean }
  | { op: "reset" };

export interface Sequence {
  start: number;
  ops: Op[];
}

export interface DifferentialOptions {
  /** Number of random sequences. */
  runs: number;
  /** fast-check seed; random when omitted (it is returned, and printed on failure). */
  seed?: number;
  /** Longest sequence, in operations (bulk operations count as one). Default 250. */
  maxOps?: number;
  /** Shrink a failing sequence before reporting it. Default true. */
  shrink?: boolean;
}

export interface DifferentialResult {
  runs: number;
  seed: number;
}

// ---------- generators ----------

const delta = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 12 }) },
  { weight: 2, arbitrary: fc.double({ min: -20, max: 200, noNaN: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(-Infinity, Infinity, -0, 1e-9, 0.5, MAX_WAIT, MAX_WAIT + 1, 100_000, -1e300, 1e300),
  },
);

const advance = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 6 }) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(1e-9, 0.5, MAX_WAIT, 100_000) },
);

const resolution = fc.constantFrom(1e-9, 1e-9, 0, 0.001, 0.5, 1);

const rawId = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -2, max: 2100 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      -0,
      NaN,
      Infinity,
      -Infinity,
      0.5,
      1.5,
      -SLOT_SPAN,
      SLOT_SPAN - 1,
      SLOT_SPAN,
      SLOT_SPAN + 1,
      SLOT_SPAN + 0.5,
      2 ** 32,
      2 ** 32 + 1,
      MAX_GENERATION * SLOT_SPAN,
      (MAX_GENERATION + 1) * SLOT_SPAN,
      2 ** 53 - 1,
      2 ** 53,
      2 ** 60,
      Number.MAX_VALUE,
    ),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }).map((g) => g * SLOT_SPAN + 3) },
);

// Counts near 1024 and near the compaction threshold (100)
// matter most; random counts reach both only by luck otherwise.
const bulkCount = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 140 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 1300 }) },
  { weight: 1, arbitrary: fc.constantFrom(99, 100, 101, 102, 200, 201, 1023, 1024, 1025) },
);

const back = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.nat());

export const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.constant<Op>({ op: "soon" }) },
  { weight: 12, arbitrary: fc.record({ op: fc.constant("at" as const), delta }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("atAbs" as const), when: fc.double({ noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("soonMany" as const), count: bulkCount }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("atMany" as const),
      count: bulkCount,
      spread: fc.integer({ min: 1, max: 50 }),
      offset: fc.integer({ min: 0, max: 49 }),
      step: fc.constantFrom(0, 0.25, 1, 3, -1),
    }),
  },
  { weight: 8, arbitrary: fc.record({ op: fc.constant("cancel" as const), back }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("cancelRaw" as const), id: rawId }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("cancelForged" as const),
      back,
      generations: fc.constantFrom(-2, -1, 1, 2, MAX_GENERATION),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("cancelMany" as const),
      window: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 3000 })),
      every: fc.constantFrom(1, 2, 2, 2, 3, 4),
      offset: fc.integer({ min: 0, max: 3 }),
      reverse: fc.boolean(),
      timers: fc.boolean(),
    }),
  },
  {
    weight: 10,
    arbitrary: fc.record({ op: fc.constant("run" as const), advance, resolution, stopping: fc.boolean() }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("runToDeadline" as const), resolution }) },
  { weight: 4, arbitrary: fc.constant<Op>({ op: "finish" }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("burst" as const),
      count: fc.oneof(fc.integer({ min: 1000, max: 9000 }), fc.constantFrom(4097, 4100, 5000, 8193)),
      timers: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant<Op>({ op: "reset" }) },
);

export function sequenceArbitrary(maxOps = 250): fc.Arbitrary<Sequence> {
  return fc.record({
    start: fc.constantFrom(0, 0, 1000.25, 1e9),
    ops: fc.array(opArbitrary, { maxLength: maxOps, size: "max" }),
  });
}

// ---------- driving two cores ----------

class Divergence extends Error {
  override name = "Divergence";
}

function describeOp(op: Op): string {
  return JSON.stringify(op, (_key, value: unknown) =>
    typeof value === "number" && !Number.isFinite(value) ? String(value) : value,
  );
}

/**
 * Applies `sequence` to two fresh cores and throws a Divergence at the first call
 * where they answer differently. Exported so that a shrunk counterexample can be
 * replayed in a regression test.
 */
export function applySequence(a: SchedulingCore, b: SchedulingCore, sequence: Sequence): void {
  let now = sequence.start;
  let deadline = Infinity;
  const issued: number[] = [];
  const timers: number[] = [];
  let step = 0;
  let current: Op | undefined;

  const fail = (what: string, x: unknown, y: unknown): never => {
    const where = current === undefined ? "" : ` at op #${step} ${describeOp(current)}`;
    throw new Divergence(`${what}: first core ${String(x)}, second core ${String(y)}${where} (now=${now})`);
  };
  // Labels are assembled only on failure: this runs for every one of millions of calls.
  const same = (x: number, y: number, what: string, detail: unknown = "") => {
    if (!Object.is(x, y)) fail(`${what}${detail === "" ? "" : `(${String(detail)})`}`, x, y);
  };
  const counters = () => {
    same(a.timerCount, b.timerCount, "timerCount");
    same(a.readyCount, b.readyCount, "readyCount");
    same(a.heapLength, b.heapLength, "heapLength");
    if (a.timerCount < 0 || a.timerCount > a.heapLength) fail("timerCount out of range", a.timerCount, a.heapLength);
  };
  const schedule = (x: number, y: number, call: string, detail: unknown) => {
    same(x, y, call, detail);
    if (x === FULL) fail(`${call} answered FULL`, x, y);
    issued.push(x);
    if (call === "at") timers.push(x);
    counters();
  };
  const cancel = (id: number) => {
    same(a.cancel(id), b.cancel(id), "cancel", id);
    counters();
  };
  const run = (res: number, stopping: boolean) => {
    const n = a.runOnce(now, res, stopping);
    same(n, b.runOnce(now, res, stopping), "runOnce", `${now}, ${res}, ${stopping}`);
    if (n === WAIT) {
      same(a.timeout, b.timeout, "timeout");
      same(a.nextDeadline, b.nextDeadline, "nextDeadline");
      if (!(a.timeout > 0)) fail("WAIT with a timeout that is not positive", a.timeout, b.timeout);
      deadline = a.nextDeadline;
    } else {
      // Re-read after the call, as the contract asks: a Wasm view may have been replaced.
      const ba = a.batch;
      const bb = b.batch;
      for (let i = 0; i < n; i++) same(ba[i], bb[i], "batch entry", `${i} of ${n}`);
      if (a.readyCount !== 0) fail("ready list not emptied by a run", a.readyCount, b.readyCount);
    }
    counters();
  };

  counters();
  for (const op of sequence.ops) {
    current = op;
    switch (op.op) {
      case "soon":
        schedule(a.soon(), b.soon(), "soon()", "");
        break;
      case "at": {
        const when = now + op.delta;
        schedule(a.at(when), b.at(when), "at", when);
        break;
      }
      case "atAbs":
        schedule(a.at(op.when), b.at(op.when), "at", op.when);
        break;
      case "soonMany":
        for (let i = 0; i < op.count; i++) schedule(a.soon(), b.soon(), "soon()", "");
        break;
      case "atMany":
        for (let i = 0; i < op.count; i++) {
          const when = now + ((i * 7 + op.offset) % op.spread) * op.step;
          schedule(a.at(when), b.at(when), "at", when);
        }
        break;
      case "cancel":
        if (issued.length > 0) cancel(issued[issued.length - 1 - (op.back % issued.length)]);
        break;
      case "cancelRaw":
        cancel(op.id);
        break;
      case "cancelForged":
        if (issued.length > 0) {
          const forged = issued[issued.length - 1 - (op.back % issued.length)] + op.generations * SLOT_SPAN;
          cancel(forged);
        }
        break;
      case "cancelMany": {
        const pool = op.timers ? timers : issued;
        const from = Math.max(0, pool.length - op.window);
        const picked: number[] = [];
        for (let i = from; i < pool.length; i++)
          if ((i - from) % op.every === op.offset % op.every) picked.push(pool[i]);
        if (op.reverse) picked.reverse();
        for (const id of picked) cancel(id);
        break;
      }
      case "run":
        now += op.advance;
        run(op.resolution, op.stopping);
        break;
      case "runToDeadline":
        if (Number.isFinite(deadline) && deadline > now) now = deadline;
        run(op.resolution, false);
        break;
      case "burst":
        for (let i = 0; i < op.count; i++) {
          if (op.timers) schedule(a.at(now), b.at(now), "at", now);
          else schedule(a.soon(), b.soon(), "soon()", "");
        }
        run(1e-9, false);
        same(a.finishBatch(), b.finishBatch(), "finishBatch");
        counters();
        break;
      case "finish":
        same(a.finishBatch(), b.finishBatch(), "finishBatch");
        counters();
        break;
      case "reset":
        a.reset();
        b.reset();
        // Ids issued before stay in `issued`: they are what stale-id checks need.
        counters();
        break;
    }
    step++;
  }
}

/**
 * Runs `runs` random sequences against fresh cores from `makeA` and `makeB`.
 * Throws (fast-check's report: seed, path, shrunk counterexample, first divergence)
 * if any sequence makes them disagree.
 */
export function runDifferential(
  makeA: () => SchedulingCore,
  makeB: () => SchedulingCore,
  options: DifferentialOptions,
): DifferentialResult {
  const seed = options.seed ?? (Math.random() * 2 ** 31) | 0;
  fc.assert(
    fc.property(sequenceArbitrary(options.maxOps), (sequence) => {
      applySequence(makeA(), makeB(), sequence);
    }),
    { numRuns: options.runs, seed, endOnFailure: options.shrink === false, includeErrorInReport: true },
  );
  return { runs: options.runs, seed };
}
