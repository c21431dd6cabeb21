/**
 * Plays a scenario on wasmloop and returns its trace, line for line in
 * driver.py's vocabulary. The two interpreters are twins: every op, every
 * trace line and every normalisation here has its counterpart there.
 */

import type { Logger } from "../../host/index.js";
import {
  CancelledError,
  EventLoop,
  type Future,
  Handle,
  InvalidStateError,
  RuntimeError,
  VirtualClock,
} from "../../host/index.js";
import type { Ctx, Num, Op, Scenario } from "./scenarios.js";

/** What a scenario's ["raise", msg] throws; driver.py has the twin class. */
export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScenarioError";
  }
}

export interface PlayOptions {
  core: "wasm" | "reference";
}

// ---------------------------------------------------------------- formatting
// Everything below must match driver.py exactly.

const WAIT_FOREVER = "would wait forever";

export function fmtTime(t: number): string {
  if (t === Infinity) return "inf";
  if (t === -Infinity) return "-inf";
  return t.toFixed(9);
}

/** 17 significant digits identify a double; Python writes e-01 where JS writes e-1. */
function fmtExact(x: number): string {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const [mantissa, exp] = x.toExponential(16).split("e");
  return `${mantissa}e${Number.parseInt(exp!, 10)}`;
}

export function dumps(v: unknown): string {
  return String(JSON.stringify(v));
}

export function num(v: Num | null): number {
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return v as number;
}

/** An error as both languages can spell it (see driver.py token). */
export function errorToken(e: unknown): string {
  if (!(e instanceof Error)) return `thrown: ${String(e)}`;
  // Read through an alias: TypeScript may narrow `e` to never after instanceof
  // checks on classes that are structurally Error.
  const error: Error = e;
  // VirtualClock only: the message is wasmloop's own, the situation is J8's.
  if (e instanceof RuntimeError && e.message.includes(WAIT_FOREVER)) return WAIT_FOREVER;
  if (e instanceof ScenarioError) return `raised: ${e.message}`;
  if (e instanceof CancelledError) return e.message ? `CancelledError: ${e.message}` : "CancelledError";
  if (e instanceof InvalidStateError) return "InvalidStateError";
  if (error.constructor === TypeError) return "TypeError";
  if (e instanceof RuntimeError) return `RuntimeError: ${error.message}`;
  // JavaScript has no ValueError; RangeError is its built-in counterpart.
  if (error.constructor === RangeError) return `ValueError: ${error.message}`;
  return `${error.name}: ${error.message}`;
}

/** First line only; callback reprs are language-specific. */
function normMessage(msg: unknown): string {
  const first = String(msg).split("\n", 1)[0]!;
  const slow = /took (\d+\.\d+) seconds/.exec(first);
  if (first.startsWith("Executing ") && slow) return `slow callback took ${slow[1]} seconds`;
  if (first.startsWith("Exception in callback ")) return "Exception in callback ...";
  return first;
}

function describe(op: Op): string {
  return [op[0], ...op.slice(1).filter((a): a is string => typeof a === "string")].join(" ");
}

const bool = (b: boolean): string => String(b);

// ---------------------------------------------------------------- the player

type Callback = (...args: unknown[]) => void;

/** Exported for the coroutine scenarios (play-coroutines.ts), which add ops. */
export class Player {
  readonly trace: string[] = [];
  readonly clock = new VirtualClock(0);
  readonly loop: EventLoop;
  #other: EventLoop | null = null;
  readonly handles = new Map<string, Handle>();
  readonly fns = new Map<string, Callback>();
  readonly futures = new Map<string, Future<unknown>>();
  readonly logger: Logger;
  handler: ((loop: EventLoop, context: Record<string, unknown>) => void) | null = null;

  constructor(readonly options: PlayOptions) {
    this.logger = {
      warn: (...a: unknown[]) => this.log(`log warning: ${normMessage(a[0])}`),
      error: (...a: unknown[]) => this.log(`log error: ${normMessage(a[0])}`),
    };
    this.loop = this.newLoop(this.clock);
  }

  newLoop(clock: VirtualClock): EventLoop {
    return new EventLoop({ clock, clockResolution: 1e-9, logger: this.logger, core: this.options.core });
  }

  log(line: string): void {
    this.trace.push(line);
  }

  otherLoop(): EventLoop {
    this.#other ??= this.newLoop(new VirtualClock(0));
    return this.#other;
  }

  labelOf(handle: unknown): string {
    // The loop keeps callbacks, not handles: the context's handle is a new
    // Handle for the same slot. A slot is not reused before its callback has
    // run, so the newest handle of that slot is the one.
    if (!(handle instanceof Handle)) return "?";
    const entries = [...this.handles];
    for (let i = entries.length - 1; i >= 0; i--) {
      const [label, h] = entries[i];
      if (h === handle || (h instanceof Handle && h._slot === handle._slot)) return label;
    }
    return "?";
  }

  nameOf(fut: unknown): string {
    for (const [name, f] of this.futures) if (f === fut) return name;
    return "?";
  }

  handle(label: string): Handle {
    const h = this.handles.get(label);
    if (h === undefined) throw new Error(`scenario bug: no handle ${label}`);
    return h;
  }

  future(name: string): Future<unknown> {
    const f = this.futures.get(name);
    if (f === undefined) throw new Error(`scenario bug: no future ${name}`);
    return f;
  }

  // -- callbacks

  makeCallback(label: string, ops: Op[]): Callback {
    return (...args: unknown[]) => {
      let line = `${label} @${fmtTime(this.loop.time())}`;
      if (args.length > 0) line += ` args=${dumps(args)}`;
      this.log(line);
      this.runOps(ops);
    };
  }

  doneCallback(label: string, ops: Op[]): Callback {
    let fn = this.fns.get(label);
    if (fn === undefined) {
      fn = (fut: unknown) => {
        this.log(`${label}(${this.nameOf(fut)}) @${fmtTime(this.loop.time())}`);
        this.runOps(ops);
      };
      this.fns.set(label, fn);
    }
    return fn;
  }

  makeHandler(ops: Op[]) {
    return (loop: EventLoop, context: Record<string, unknown>) => {
      const parts: string[] = [];
      if ("message" in context) parts.push(`message=${normMessage(context.message)}`);
      if ("exception" in context) parts.push(`exception=${errorToken(context.exception)}`);
      if ("handle" in context) parts.push(`handle=${this.labelOf(context.handle)}`);
      if ("future" in context) parts.push(`future=${this.nameOf(context.future)}`);
      // Only its presence: the stack itself is each language's own.
      if ("source_traceback" in context) parts.push("source_traceback");
      if (loop !== this.loop) parts.push("wrong-loop");
      this.log(`handler:${parts.map((p) => ` ${p}`).join("")}`);
      this.runOps(ops);
    };
  }

  // -- ops

  /** Ops inside a callback: synchronous, like everything a callback does. */
  runOps(ops: Op[]): void {
    for (const op of ops) {
      if (op[0] === "raise" || op[0] === "raise_cancelled") {
        this.op(op);
        continue;
      }
      if (op[0] === "uncaught") {
        this.op(op[1]);
        continue;
      }
      try {
        this.op(op);
      } catch (e) {
        this.log(`${describe(op)} -> error: ${errorToken(e)}`);
      }
    }
  }

  /** Top-level ops: runs are awaited, everything else is as in a callback. */
  async runTop(ops: Op[]): Promise<void> {
    for (const op of ops) {
      if (op[0] === "run_forever") {
        await this.topRun("run_forever", () => this.loop.runForever());
      } else if (op[0] === "run_until_complete") {
        const fut = this.future(op[1]);
        await this.topRun(`run_until_complete ${op[1]}`, () => this.loop.runUntilComplete(fut));
      } else if (op[0] === "run_until_complete_value") {
        const value = op[1];
        await this.topRun("run_until_complete_value", () => this.loop.runUntilComplete(value as never));
      } else {
        try {
          this.op(op);
        } catch (e) {
          this.log(`${describe(op)} -> error: ${errorToken(e)}`);
        }
      }
    }
  }

  /** A thrown error means the run never started; a rejection, that it failed (J11). */
  async topRun(what: string, start: () => Promise<unknown>): Promise<void> {
    this.log(`>> ${what}`);
    let run: Promise<unknown>;
    try {
      run = start();
    } catch (e) {
      this.log(`<< ${what}: error: ${errorToken(e)}`);
      return;
    }
    try {
      const result = await run;
      this.log(what === "run_forever" ? `<< ${what}: ok` : `<< ${what}: ok ${dumps(result)}`);
    } catch (e) {
      this.log(`<< ${what}: rejected: ${errorToken(e)}`);
    }
  }

  /** A run attempted from inside a callback: asyncio raises at once. */
  nestedRun(what: string, start: () => Promise<unknown>): void {
    const run = start();
    run.catch(() => {});
    this.log(`${what} -> started a nested run`);
  }

  op(op: Op): void {
    const loop = this.loop;
    switch (op[0]) {
      case "soon": {
        const [, label, ops = [], args = []] = op;
        this.handles.set(label, loop.callSoon(this.makeCallback(label, ops), ...args));
        break;
      }
      case "soon_threadsafe": {
        const [, label, ops = []] = op;
        this.handles.set(label, loop.callSoonThreadsafe(this.makeCallback(label, ops)));
        break;
      }
      case "later": {
        const [, delay, label, ops = []] = op;
        this.handles.set(
          label,
          loop.callLater(delay === null ? (null as never) : num(delay), this.makeCallback(label, ops)),
        );
        break;
      }
      case "at": {
        const [, whenSeconds, label, ops = []] = op;
        this.handles.set(
          label,
          loop.callAt(whenSeconds === null ? (null as never) : num(whenSeconds), this.makeCallback(label, ops)),
        );
        break;
      }
      case "schedule_value": {
        const [, method, value] = op;
        const cb = value as never;
        if (method === "soon") loop.callSoon(cb);
        else if (method === "later") loop.callLater(1, cb);
        else if (method === "at") loop.callAt(1, cb);
        else loop.callSoonThreadsafe(cb);
        break;
      }
      case "schedule_coroutine_function": {
        // An async function with an empty body, as in driver.py.
        const cb = async () => {};
        const method = op[1];
        if (method === "soon") loop.callSoon(cb);
        else if (method === "later") loop.callLater(1, cb);
        else if (method === "at") loop.callAt(1, cb);
        else loop.callSoonThreadsafe(cb);
        break;
      }
      case "cancel":
        this.handle(op[1]).cancel();
        break;
      case "cancelled":
        this.log(`cancelled ${op[1]} = ${bool(this.handle(op[1]).cancelled())}`);
        break;
      case "when": {
        const h = this.handle(op[1]) as Handle & { when(): number };
        this.log(`when ${op[1]} = ${fmtExact(h.when())}`);
        break;
      }
      case "stop":
        loop.stop();
        break;
      case "close":
        loop.close();
        break;
      case "advance":
        this.clock.advance(op[1]);
        break;
      case "time":
        this.log(`time = ${fmtTime(loop.time())}`);
        break;
      case "time_exact":
        this.log(`time = ${fmtExact(loop.time())}`);
        break;
      case "is_running":
        this.log(`is_running = ${bool(loop.isRunning())}`);
        break;
      case "is_closed":
        this.log(`is_closed = ${bool(loop.isClosed())}`);
        break;
      case "mark":
        this.log(`-- ${op[1]}`);
        break;
      case "run_forever":
        this.nestedRun("run_forever", () => loop.runForever());
        break;
      case "run_until_complete": {
        const fut = this.future(op[1]);
        this.nestedRun(`run_until_complete ${op[1]}`, () => loop.runUntilComplete(fut));
        break;
      }
      case "run_until_complete_value": {
        const value = op[1];
        this.nestedRun("run_until_complete_value", () => loop.runUntilComplete(value as never));
        break;
      }
      case "other_run_forever":
        this.nestedRun("other_run_forever", () => this.otherLoop().runForever());
        break;
      case "other_run_until_complete": {
        const fut = this.future(op[1]);
        this.nestedRun(`other_run_until_complete ${op[1]}`, () => this.otherLoop().runUntilComplete(fut));
        break;
      }
      case "other_close":
        this.otherLoop().close();
        break;
      case "future":
        this.futures.set(op[1], loop.createFuture());
        break;
      case "future_other":
        this.futures.set(op[1], this.otherLoop().createFuture());
        break;
      case "set_result":
        this.future(op[1]).setResult(op[2]);
        break;
      case "set_exception":
        this.future(op[1]).setException(new ScenarioError(op[2]));
        break;
      case "cancel_future": {
        const fut = this.future(op[1]);
        const ok = op.length > 2 ? fut.cancel(op[2]) : fut.cancel();
        this.log(`cancel_future ${op[1]} = ${bool(ok)}`);
        break;
      }
      case "state": {
        const fut = this.future(op[1]);
        const s = fut.cancelled() ? "CANCELLED" : fut.done() ? "FINISHED" : "PENDING";
        this.log(`state ${op[1]} = ${s}`);
        break;
      }
      case "result":
        this.log(`result ${op[1]} = ${dumps(this.future(op[1]).result())}`);
        break;
      case "exception": {
        const exc = this.future(op[1]).exception();
        this.log(`exception ${op[1]} = ${exc === null ? "none" : errorToken(exc)}`);
        break;
      }
      case "add_done_callback": {
        const [, name, label, ops = []] = op;
        this.future(name).addDoneCallback(this.doneCallback(label, ops));
        break;
      }
      case "remove_done_callback": {
        const n = this.future(op[1]).removeDoneCallback(this.doneCallback(op[2], []));
        this.log(`remove_done_callback ${op[1]} ${op[2]} = ${n}`);
        break;
      }
      case "uncaught":
        this.op(op[1]);
        break;
      case "raise":
        throw new ScenarioError(op[1]);
      case "raise_cancelled":
        throw op.length > 1 ? new CancelledError(op[1]) : new CancelledError();
      case "set_handler":
        this.handler = op[1] === null ? null : this.makeHandler(op[1]);
        loop.setExceptionHandler(this.handler);
        break;
      case "set_handler_value":
        loop.setExceptionHandler(op[1] as never);
        break;
      case "get_handler": {
        const h = loop.getExceptionHandler();
        this.log(`get_handler = ${h === null || h === undefined ? "none" : h === this.handler ? "custom" : "other"}`);
        break;
      }
      case "call_exception_handler":
        loop.callExceptionHandler(this.context(op[1]));
        break;
      case "default_exception_handler":
        loop.defaultExceptionHandler(this.context(op[1]));
        break;
      case "set_debug":
        loop.setDebug(op[1]);
        break;
      case "get_debug":
        this.log(`get_debug = ${bool(loop.getDebug())}`);
        break;
      case "slow_callback_duration":
        loop.slowCallbackDuration = op[1];
        break;
      default: {
        const unknown: never = op;
        throw new Error(`unknown op ${JSON.stringify(unknown)}`);
      }
    }
  }

  context(spec: Ctx): Record<string, unknown> {
    const ctx: Record<string, unknown> = {};
    if ("message" in spec) ctx.message = spec.message;
    if ("exception" in spec) ctx.exception = new ScenarioError(spec.exception!);
    if ("future" in spec) ctx.future = this.future(spec.future!);
    return ctx;
  }

  finish(): void {
    for (const lp of [this.loop, this.#other]) {
      if (lp !== null && !lp.isRunning()) {
        lp.setExceptionHandler(null);
        lp.close();
      }
    }
  }
}

/** Plays `scenario` on a fresh wasmloop EventLoop and returns its trace. */
export async function play(scenario: Scenario, options: PlayOptions): Promise<string[]> {
  const player = new Player(options);
  try {
    await player.runTop(scenario.steps);
  } catch (e) {
    player.log(`player crash: ${e instanceof Error ? e.stack : String(e)}`);
  } finally {
    player.finish();
  }
  return player.trace;
}
