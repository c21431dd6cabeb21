/**
 * The demo behind `npm start` (`npm start -- <seed>` replays a workload): one
 * EventLoop on the real clock, busy for about 12 s, then checking its results.
 *  - 50,000 timers with seeded random deadlines over ~10 s. Some callbacks
 *    cancel another timer; some re-arm one (cancel it, callAt a later
 *    deadline), the way activity keeps pushing back an idle timeout.
 *  - A TCP echo on 127.0.0.1. node:net delivers socket events on Node's own
 *    event loop; each becomes a loop callback through callSoonThreadsafe,
 *    which is also what wakes a loop parked on a host timer.
 *  - A progress line, a summary, and a check: exit code 1 if anything is wrong.
 */
import net from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { EventLoop, type TimerHandle } from "wasmloop";

const TIMERS = 50_000;
const FIRST = 0.5,
  LAST = 10.5; // deadlines: uniform in [FIRST, LAST] s after the start
const CANCEL_SHARE = 0.15,
  REARM_SHARE = 0.1; // of timer callbacks, each aimed at a random other timer
const POSTPONE_MIN = 0.2,
  POSTPONE_MAX = 1.5; // s added to a re-armed timer's old deadline
const PING_EVERY = 0.01; // s between echo requests
const ECHO_TIMEOUT = 2; // s; a slower echo counts as lost
const WATCHDOG = 60; // s; past this the demo gives up on itself
const PAYLOAD = "x".repeat(48);
/** The loop's default clockResolution: a timer is due once `when < now + RESOLUTION`. */
const RESOLUTION = 1e-9;

const PENDING = 0,
  FIRED = 1,
  CANCELLED = 2; // a timer's state
const NONE = 0,
  CANCEL = 1,
  REARM = 2; // what a timer's callback does to its target

async function main(): Promise<number> {
  const seed = process.argv[2] === undefined ? Math.floor(Math.random() * 2 ** 32) : Number(process.argv[2]);
  if (!(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32))
    throw new RangeError(`seed: want 0 .. 2^32-1, got ${process.argv[2]}`);
  const random = xorshift32(seed);
  const tty = process.stdout.isTTY === true;

  // Every random choice is drawn here, before anything runs, so that a seed
  // names one workload. Targets are drawn from all timers: aiming at one that
  // already ran or was cancelled makes a stale cancel(), which must do
  // nothing, even if the core has given that timer's slot to another since.
  const delay = new Float64Array(TIMERS);
  const action = new Uint8Array(TIMERS);
  const target = new Uint32Array(TIMERS);
  const postpone = new Float64Array(TIMERS);
  for (let i = 0; i < TIMERS; i++) {
    delay[i] = FIRST + random() * (LAST - FIRST);
    const roll = random();
    action[i] = roll < CANCEL_SHARE ? CANCEL : roll < CANCEL_SHARE + REARM_SHARE ? REARM : NONE;
    target[i] = (i + 1 + Math.floor(random() * (TIMERS - 1))) % TIMERS; // anyone but i
    postpone[i] = POSTPONE_MIN + random() * (POSTPONE_MAX - POSTPONE_MIN);
  }

  // Allocated up front, so that the memory readings around scheduling see
  // only what scheduling costs. Replacements take indexes from TIMERS on.
  const capacity = TIMERS + action.filter((a) => a === REARM).length;
  const handles = new Array<TimerHandle | undefined>(capacity).fill(undefined);
  const deadline = new Float64Array(capacity);
  const state = new Uint8Array(capacity);
  const lateness = new Float64Array(capacity); // seconds, in the order timers ran
  let created = 0,
    fired = 0,
    cancelled = 0,
    rearmed = 0,
    staleCancels = 0;
  let callbacks = 0,
    ioCallbacks = 0,
    lastDeadline = -Infinity,
    maxLate = 0,
    finishing = false;
  const problems: string[] = [];
  const problem = (message: string) => void problems.push(message);

  const loop = new EventLoop();
  // The default handler would log and carry on; a throwing callback is a failed run.
  loop.setExceptionHandler((_, context) => problem(`${context.message}: ${String(context.exception)}`));

  console.log(
    `wasmloop demo: ${num(TIMERS)} timers over ~${LAST - FIRST} s on the real clock, and a TCP echo on 127.0.0.1`,
  );
  console.log(`seed ${seed} (\`npm start -- ${seed}\` replays these timers)`);
  console.log("late = how long after its deadline a timer ran; the p50 covers timers since the previous line");

  const gc = exposeGc();
  gc?.();
  const before = process.memoryUsage();
  const t0 = loop.time();
  // callAt from one t0, not callLater: the clock moves while 50,000 calls are
  // made, which would reorder close deadlines from one run to the next.
  for (let i = 0; i < TIMERS; i++) track(created++, loop.callAt(t0 + delay[i], fire, i));
  gc?.();
  const after = process.memoryUsage();

  function track(i: number, handle: TimerHandle): void {
    handles[i] = handle;
    deadline[i] = handle.when();
  }

  function fire(i: number): void {
    callbacks++;
    const late = loop.time() - deadline[i];
    if (state[i] !== PENDING)
      return problem(`timer ${i} ran after it had ${state[i] === FIRED ? "run" : "been cancelled"}`);
    state[i] = FIRED;
    if (late < -RESOLUTION) problem(`timer ${i} ran ${ms(-late)} ms before its deadline`);
    if (deadline[i] < lastDeadline) problem(`timer ${i} (due ${deadline[i]}) ran after one due ${lastDeadline}`);
    lastDeadline = deadline[i];
    lateness[fired++] = late;
    maxLate = Math.max(maxLate, late);
    if (i < TIMERS) act(i);
    // With nothing pending, nothing is left that could re-arm a timer.
    finishing = fired + cancelled === created;
    if (finishing) shutdownWhenQuiet();
  }

  function act(i: number): void {
    const t = target[i];
    if (action[i] === NONE || (action[i] === REARM && state[t] !== PENDING)) return;
    handles[t]!.cancel();
    if (state[t] !== PENDING) {
      staleCancels++; // it had run or been cancelled already: cancel() must have changed nothing
      return;
    }
    state[t] = CANCELLED;
    cancelled++;
    if (action[i] === REARM) {
      rearmed++;
      // From the old deadline, not from now, so that the seed decides it.
      const replacement = created++;
      track(replacement, loop.callAt(deadline[t] + postpone[i], fire, replacement));
    }
  }

  // ---- TCP echo: both ends' socket events run as loop callbacks ----
  let client: net.Socket | null = null;
  let sent = 0,
    echoes = 0,
    partial = "",
    closing = false;
  const inflight = new Map<number, { sent: number; timeout: TimerHandle }>();
  const roundTrips: number[] = [];
  // How host I/O reaches the loop. An event after close() has no loop left to run on.
  const post = <A extends unknown[]>(callback: (...args: A) => void, ...args: A) => {
    if (loop.isClosed()) return;
    loop.callSoonThreadsafe(() => {
      callbacks++;
      ioCallbacks++;
      callback(...args);
    });
  };

  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.on("data", (chunk) => post(() => socket.writable && socket.write(chunk)));
    socket.on("error", (error) => post(abort, `server socket: ${error.message}`));
  });
  server.on("error", (error) => post(abort, `server: ${error.message}`));
  server.listen(0, "127.0.0.1", () => post(connect));

  function connect(): void {
    const { port } = server.address() as net.AddressInfo;
    client = net.connect({ port, host: "127.0.0.1", noDelay: true });
    client.on("data", (chunk) => post(onEcho, chunk));
    client.on("error", (error) => post(abort, `client: ${error.message}`));
  }

  function ping(): void {
    callbacks++;
    if (finishing) return;
    if (client?.readyState === "open") {
      const id = sent++;
      inflight.set(id, { sent: loop.time(), timeout: loop.callLater(ECHO_TIMEOUT, echoLost, id) });
      client.write(`${id} ${PAYLOAD}\n`);
    }
    loop.callLater(PING_EVERY, ping);
  }

  function onEcho(chunk: Buffer): void {
    // TCP keeps bytes, not messages: a read may hold several lines or half of one.
    const lines = (partial + chunk.toString("latin1")).split("\n");
    partial = lines.pop()!;
    for (const line of lines) {
      const id = Number(line.slice(0, line.indexOf(" ")));
      const request = inflight.get(id);
      if (request === undefined || line !== `${id} ${PAYLOAD}`) {
        problem(`echo ${JSON.stringify(line.slice(0, 24))} matches no request in flight`);
        continue;
      }
      inflight.delete(id);
      request.timeout.cancel();
      roundTrips.push(loop.time() - request.sent);
      echoes++;
    }
    shutdownWhenQuiet();
  }

  function echoLost(id: number): void {
    callbacks++;
    inflight.delete(id);
    problem(`echo ${id}: no reply within ${ECHO_TIMEOUT} s`);
    shutdownWhenQuiet();
  }

  function abort(reason: string): void {
    problem(reason);
    client?.destroy();
    shutdown();
  }

  function shutdownWhenQuiet(): void {
    if (finishing && inflight.size === 0) shutdown();
  }

  function shutdown(): void {
    if (closing) return;
    closing = true;
    // Ending the client ends the server's side too (allowHalfOpen is off),
    // so the server's close callback means the last connection is gone.
    client?.end();
    server.close(() => post(stopLoop));
  }

  function stopLoop(): void {
    ticker.cancel();
    watchdog.cancel();
    draw();
    if (tty) process.stdout.write("\n");
    loop.stop();
  }

  // ---- Progress: redrawn in place on a terminal, a line a second in logs ----
  let drawnUpTo = 0;
  function draw(): void {
    const recent = lateness.slice(drawnUpTo, fired).sort();
    drawnUpTo = fired;
    const line =
      `${(loop.time() - t0).toFixed(1).padStart(5)} s  fired ${num(fired)}  cancelled ${num(cancelled)}  ` +
      `pending ${num(created - fired - cancelled)}  callbacks ${num(callbacks)}  ` +
      `late p50 ${recent.length > 0 ? ms(percentile(recent, 0.5)) : "-"} max ${ms(maxLate)} ms`;
    // A line wider than the terminal wraps, and \r would only redraw its last row.
    if (tty) process.stdout.write(`\r${line.slice(0, (process.stdout.columns || 80) - 1)}\x1b[K`);
    else console.log(line);
  }
  const tick = tty ? 0.25 : 1;
  let ticker = loop.callLater(tick, function onTick() {
    callbacks++;
    draw();
    ticker = loop.callLater(tick, onTick);
  });
  loop.callLater(PING_EVERY, ping);
  const watchdog = loop.callLater(WATCHDOG, () => {
    callbacks++;
    abort(`not finished after ${WATCHDOG} s`);
    stopLoop(); // not waiting for the server to close: something is stuck already
  });

  await loop.runForever();
  const elapsed = loop.time() - t0;
  loop.close();

  // ---- Summary and the last checks ----
  for (let i = 0; i < created; i++) {
    if (state[i] === PENDING)
      problem(`timer ${i} (due at +${(deadline[i] - t0).toFixed(3)} s) neither ran nor was cancelled`);
  }
  if (inflight.size > 0) problem(`${inflight.size} echo requests never answered`);
  if (partial !== "") problem(`the echo stream ended inside a message: ${JSON.stringify(partial.slice(0, 24))}`);

  const show = (values: ArrayLike<number>, ps: number[]) => {
    const sorted = Float64Array.from(values).sort();
    if (sorted.length === 0) return "-";
    const at = ps.map((p) => `p${+(p * 100).toFixed(1)} ${ms(percentile(sorted, p))}`);
    return `${at.join("  ")}  max ${ms(sorted[sorted.length - 1])} ms`;
  };
  const delta = (key: "rss" | "heapUsed" | "external") => {
    const bytes = after[key] - before[key];
    return `${key} ${bytes >= 0 ? "+" : ""}${(bytes / 2 ** 20).toFixed(2)} MiB (${Math.round(bytes / TIMERS)} B/timer)`;
  };
  console.log(`
done in ${elapsed.toFixed(2)} s (seed ${seed})
callbacks run  ${num(callbacks)}: ${num(fired)} timers, ${num(ioCallbacks)} socket events via callSoonThreadsafe, ${num(callbacks - fired - ioCallbacks)} pings and progress ticks
timers         ${num(created)} scheduled (${num(TIMERS)} + ${num(rearmed)} re-armed replacements): ${num(fired)} fired, ${num(cancelled)} cancelled (${num(rearmed)} of them re-armed), ${num(created - fired - cancelled)} pending
stale cancels  ${num(staleCancels)} cancel() calls on timers that had already run or been cancelled, which must do nothing
lateness       ${show(lateness.subarray(0, fired), [0.5, 0.9, 0.99, 0.999])}  (${num(fired)} timers: time run minus deadline)
tcp echo       ${num(echoes)} of ${num(sent)} requests answered; round trip ${show(roundTrips, [0.5, 0.99])}
memory         process.memoryUsage() just before and just after the ${num(TIMERS)} callAt calls${gc ? ", after a full GC each" : " (no GC available: noisy)"}:
                 ${delta("rss")}, ${delta("heapUsed")}, ${delta("external")}
               heapUsed: JS objects (the TimerHandles the demo keeps to cancel them, their args, the loop's callback table);
               external: the Wasm core's linear memory and the loop's deadline array growing; rss: all of it, resident`);

  if (problems.length > 0) {
    console.error(`\nFAILED: ${num(problems.length)} problem(s)`);
    for (const message of problems.slice(0, 10)) console.error(`  ${message}`);
    return 1;
  }
  console.log(
    "check          OK: every timer ran once and not before its deadline, or was cancelled and never ran; " +
      "they ran in nondecreasing deadline order; every echo came back intact",
  );
  return 0;
}

/** Marsaglia's xorshift32: tiny, seedable, plenty for a workload. Returns [0, 1). */
function xorshift32(seed: number): () => number {
  let s = (seed ^ 0x9e3779b9) >>> 0 || 1; // zero is its one fixed point
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>>= 0) / 2 ** 32;
  };
}

/** A full GC before each reading makes a delta mean "retained", not "allocated so far". */
function exposeGc(): (() => void) | null {
  v8.setFlagsFromString("--expose-gc"); // takes effect for contexts created from now on
  try {
    return vm.runInNewContext("gc") as () => void;
  } catch {
    return null;
  }
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const num = (n: number) => n.toLocaleString("en-US");
const ms = (seconds: number) => (seconds * 1000).toFixed(2);

process.exitCode = await main();
