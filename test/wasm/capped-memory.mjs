// @ts-check
// Child process of capped-memory.test.ts: runs one scenario against the built
// package (dist/) under a small Wasm memory cap (node --wasm-max-mem-pages=N)
// and prints what it observed as one JSON line. Nothing is asserted here.
import { EventLoop } from "../../dist/node.js";

const scenario = process.argv[2];

/** Schedules with `schedule` until the loop refuses; returns how many it accepted and the refusal. */
function fill(schedule) {
  let accepted = 0;
  for (;;) {
    try {
      schedule();
      accepted++;
    } catch (caught) {
      const error = /** @type {Error} */ (caught);
      return { accepted, error: { name: error.constructor.name, message: error.message } };
    }
    if (accepted > 50_000_000) return { accepted, error: null };
  }
}

async function runOnce(loop) {
  loop.stop();
  await loop.runForever();
}

const out = { scenario };
const loop = new EventLoop();
let ran = 0;
const count = () => ran++;

if (scenario === "due-timers") {
  // Timers due at once: one iteration must move them all to the ready queue.
  const filled = fill(() => loop.callLater(0, count));
  Object.assign(out, filled);
  const again = fill(() => loop.callAt(0, count));
  out.refusedAgain = again.accepted === 0;
  out.secondError = again.error;
  try {
    await runOnce(loop);
    out.runError = null;
  } catch (error) {
    out.runError = String(error);
  }
  out.ran = ran;
  try {
    await runOnce(loop);
    out.laterRunError = null;
  } catch (error) {
    out.laterRunError = String(error);
  }
} else if (scenario === "ready-then-timers") {
  // Half ready handles, half timers: the batch holds both.
  let flip = false;
  const filled = fill(() => ((flip = !flip) ? loop.callSoon(count) : loop.callLater(-1, count)));
  Object.assign(out, filled);
  try {
    await runOnce(loop);
    out.runError = null;
  } catch (error) {
    out.runError = String(error);
  }
  out.ran = ran;
} else if (scenario === "full-batch") {
  // The last batch filled the table: once the run is over its slots are free again.
  const filled = fill(() => loop.callSoon(count));
  Object.assign(out, filled);
  await runOnce(loop);
  out.ran = ran;
  out.afterRun = fill(() => loop.callSoon(count)).accepted;
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
loop.close();
process.stdout.write(`${JSON.stringify(out)}\n`);
