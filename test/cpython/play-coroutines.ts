/**
 * Plays a coroutine scenario on wasmloop: play.ts's player plus coroutines,
 * twin of coroutine_driver.py. Each coroutine is a list of ops run by an
 * interpreter of one kind, chosen per play: generator coroutines (`yield*`)
 * or async functions (`await`). Every suspension is one an op names; both
 * kinds must give CPython's trace.
 */

import type { Future, ReturnWhen } from "../../host/index.js";
import {
  asCompleted,
  Barrier,
  BoundedSemaphore,
  BrokenBarrierError,
  Condition,
  currentTask,
  Event,
  ExceptionGroup,
  gather,
  LifoQueue,
  Lock,
  PriorityQueue,
  Queue,
  Semaphore,
  shield,
  sleep,
  type Task,
  type TaskGroup,
  type Timeout,
  taskGroup,
  timeout,
  timeoutAt,
  wait,
  waitFor,
} from "../../host/index.js";
import type { CoOp, CoroutineScenario, Item } from "./coroutine-scenarios.js";
import { dumps, errorToken, fmtTime, num, Player, type PlayOptions } from "./play.js";
import type { Op } from "./scenarios.js";

export type CoroutineKind = "generator" | "async";

export interface CoroutinePlayOptions extends PlayOptions {
  kind: CoroutineKind;
}

/** errorToken plus what only coroutines meet (coroutine_driver.py co_token). */
export function coToken(e: unknown): string {
  if (e instanceof ExceptionGroup) return `ExceptionGroup[${e.exceptions.map(coToken).join(", ")}]`;
  if (e instanceof BrokenBarrierError) return `BrokenBarrierError: ${e.message}`;
  const text = errorToken(e);
  // The reprs in rule 88's messages are each language's own.
  if (text.startsWith("RuntimeError: Task cannot await on itself")) return "RuntimeError: Task cannot await on itself";
  if (text.startsWith("RuntimeError: Task ") && text.endsWith("attached to a different loop")) {
    return "RuntimeError: Task got Future attached to a different loop";
  }
  return text;
}

/** A result as JSON: exceptions (gather's returned ones) as tokens, undefined as null. */
function val(v: unknown): unknown {
  if (v instanceof Error) return coToken(v);
  if (Array.isArray(v)) return v.map(val);
  return v === undefined ? null : v;
}

type Outcome = { returned: boolean; value: unknown };
const GO_ON: Outcome = { returned: false, value: null };

type Primitive = Lock | Event | Semaphore | Condition | Barrier | Queue<unknown>;

class CoroutinePlayer extends Player {
  readonly kind: CoroutineKind;
  readonly prims = new Map<string, Primitive>();
  readonly flags = new Map<string, unknown>();
  readonly timeouts: Timeout[] = [];
  readonly groups: TaskGroup[] = [];
  readonly caught: unknown[] = [];

  constructor(options: CoroutinePlayOptions) {
    super(options);
    this.kind = options.kind;
  }

  prim<P extends Primitive>(name: string): P {
    const p = this.prims.get(name);
    if (p === undefined) throw new Error(`scenario bug: no primitive ${name}`);
    return p as P;
  }

  /** A new coroutine (a Task target) of the player's kind running `body`. */
  coro(body: CoOp[]) {
    if (this.kind === "generator") return this.mainGen(body);
    return async () => this.mainAsync(body);
  }

  /** A future's name, or a body as a new coroutine. */
  target(item: Item): any {
    return typeof item === "string" ? this.future(item) : this.coro(item);
  }

  nameList(futs: Iterable<Future<unknown>>): string[] {
    return [...futs].map((f) => this.nameOf(f)).sort();
  }

  // ---- the generator interpreter -------------------------------------------

  *mainGen(body: CoOp[]): Generator<unknown, unknown, any> {
    const outcome = yield* this.bodyGen(body);
    return outcome.returned ? outcome.value : null;
  }

  *bodyGen(ops: CoOp[]): Generator<unknown, Outcome, any> {
    for (const op of ops) {
      if (op[0] === "return") return { returned: true, value: op[1] ?? null };
      const outcome = yield* this.coOpGen(op);
      if (outcome.returned) return outcome;
    }
    return GO_ON;
  }

  *coOpGen(op: CoOp): Generator<unknown, Outcome, any> {
    const self = this;
    switch (op[0]) {
      case "sleep":
        if (op.length > 2) this.log(`sleep -> ${dumps(yield* sleep(num(op[1]), op[2]))}`);
        else yield* sleep(num(op[1]));
        return GO_ON;
      case "await": {
        const result = yield* this.future(op[1]);
        this.log(`await ${op[1]} -> ${dumps(val(result))}`);
        return GO_ON;
      }
      case "try": {
        const [, body, handler, final] = op;
        try {
          return yield* this.bodyGen(body);
        } catch (e) {
          this.log(`caught ${coToken(e)}`);
          if (handler === undefined || handler === null) throw e;
          this.caught.push(e);
          try {
            return yield* this.bodyGen(handler);
          } finally {
            this.caught.pop();
          }
        } finally {
          if (final !== undefined) yield* this.bodyGen(final);
        }
      }
      case "gather": {
        const result = yield* gather(...op[1].map((i) => this.target(i)), { returnExceptions: op[2] === true });
        this.log(`gather -> ${dumps(val(result))}`);
        return GO_ON;
      }
      case "wait_for": {
        const result = yield* waitFor(this.target(op[1]), op[2] === null ? null : num(op[2]));
        this.log(`wait_for -> ${dumps(val(result))}`);
        return GO_ON;
      }
      case "wait": {
        const [done, pending] = yield* wait(
          op[1].map((n) => this.future(n)),
          {
            timeout: op[2] === null ? null : num(op[2]),
            returnWhen: op[3] as ReturnWhen,
          },
        );
        this.log(`wait -> done=${dumps(this.nameList(done))} pending=${dumps(this.nameList(pending))}`);
        return GO_ON;
      }
      case "as_completed":
        for (const next of asCompleted(
          op[1].map((n) => this.future(n)),
          { timeout: op[2] === null ? null : num(op[2]) },
        )) {
          try {
            this.log(`as_completed -> ${dumps(val(yield* next))}`);
          } catch (e) {
            this.log(`as_completed -> error: ${coToken(e)}`);
          }
        }
        return GO_ON;
      case "shield": {
        const result = yield* shield(this.target(op[1]));
        this.log(`shield -> ${dumps(val(result))}`);
        return GO_ON;
      }
      case "timeout":
      case "timeout_at": {
        const when = op[1] === null ? null : num(op[1]);
        const scoped = op[0] === "timeout" ? timeout : timeoutAt;
        return yield* scoped(when, function* (cm) {
          self.timeouts.push(cm);
          try {
            return yield* self.bodyGen(op[2]);
          } finally {
            self.timeouts.pop();
          }
        });
      }
      case "task_group":
        return yield* taskGroup(function* (tg) {
          self.groups.push(tg);
          try {
            return yield* self.bodyGen(op[1]);
          } finally {
            self.groups.pop();
          }
        });
      case "acquire":
        yield* this.prim<Lock>(op[1]).acquire();
        return GO_ON;
      case "event_wait":
      case "cond_wait":
        yield* this.prim<Event>(op[1]).wait();
        return GO_ON;
      case "cond_wait_for": {
        const flag = op[2];
        const result = yield* this.prim<Condition>(op[1]).waitFor(() => this.flags.get(flag));
        this.log(`cond_wait_for -> ${dumps(result)}`);
        return GO_ON;
      }
      case "barrier_wait":
        this.log(`barrier_wait ${op[1]} -> ${yield* this.prim<Barrier>(op[1]).wait()}`);
        return GO_ON;
      case "barrier_reset":
        yield* this.prim<Barrier>(op[1]).reset();
        return GO_ON;
      case "barrier_abort":
        yield* this.prim<Barrier>(op[1]).abort();
        return GO_ON;
      case "put":
        yield* this.prim<Queue<unknown>>(op[1]).put(op[2]);
        return GO_ON;
      case "get":
        this.log(`get ${op[1]} -> ${dumps(yield* this.prim<Queue<unknown>>(op[1]).get())}`);
        return GO_ON;
      case "join":
        yield* this.prim<Queue<unknown>>(op[1]).join();
        return GO_ON;
      case "reraise":
        throw this.caught[this.caught.length - 1];
      default:
        this.runOps([op as Op]);
        return GO_ON;
    }
  }

  // ---- the async-function interpreter (the same, with await) ----------------

  async mainAsync(body: CoOp[]): Promise<unknown> {
    const outcome = await this.bodyAsync(body);
    return outcome.returned ? outcome.value : null;
  }

  async bodyAsync(ops: CoOp[]): Promise<Outcome> {
    for (const op of ops) {
      if (op[0] === "return") return { returned: true, value: op[1] ?? null };
      const outcome = await this.coOpAsync(op);
      if (outcome.returned) return outcome;
    }
    return GO_ON;
  }

  async coOpAsync(op: CoOp): Promise<Outcome> {
    switch (op[0]) {
      case "sleep":
        if (op.length > 2) this.log(`sleep -> ${dumps(await sleep(num(op[1]), op[2]))}`);
        else await sleep(num(op[1]));
        return GO_ON;
      case "await": {
        const result = await this.future(op[1]);
        this.log(`await ${op[1]} -> ${dumps(val(result))}`);
        return GO_ON;
      }
      case "try": {
        const [, body, handler, final] = op;
        try {
          return await this.bodyAsync(body);
        } catch (e) {
          this.log(`caught ${coToken(e)}`);
          if (handler === undefined || handler === null) throw e;
          this.caught.push(e);
          try {
            return await this.bodyAsync(handler);
          } finally {
            this.caught.pop();
          }
        } finally {
          if (final !== undefined) await this.bodyAsync(final);
        }
      }
      case "gather": {
        const result = await gather(...op[1].map((i) => this.target(i)), { returnExceptions: op[2] === true });
        this.log(`gather -> ${dumps(val(result))}`);
        return GO_ON;
      }
      case "wait_for": {
        const result = await waitFor(this.target(op[1]), op[2] === null ? null : num(op[2]));
        this.log(`wait_for -> ${dumps(val(result))}`);
        return GO_ON;
      }
      case "wait": {
        const [done, pending] = await wait(
          op[1].map((n) => this.future(n)),
          {
            timeout: op[2] === null ? null : num(op[2]),
            returnWhen: op[3] as ReturnWhen,
          },
        );
        this.log(`wait -> done=${dumps(this.nameList(done))} pending=${dumps(this.nameList(pending))}`);
        return GO_ON;
      }
      case "as_completed":
        for (const next of asCompleted(
          op[1].map((n) => this.future(n)),
          { timeout: op[2] === null ? null : num(op[2]) },
        )) {
          try {
            this.log(`as_completed -> ${dumps(val(await next))}`);
          } catch (e) {
            this.log(`as_completed -> error: ${coToken(e)}`);
          }
        }
        return GO_ON;
      case "shield": {
        const result = await shield(this.target(op[1]));
        this.log(`shield -> ${dumps(val(result))}`);
        return GO_ON;
      }
      case "timeout":
      case "timeout_at": {
        const when = op[1] === null ? null : num(op[1]);
        const scoped = op[0] === "timeout" ? timeout : timeoutAt;
        return await scoped(when, async (cm) => {
          this.timeouts.push(cm);
          try {
            return await this.bodyAsync(op[2]);
          } finally {
            this.timeouts.pop();
          }
        });
      }
      case "task_group":
        return await taskGroup(async (tg) => {
          this.groups.push(tg);
          try {
            return await this.bodyAsync(op[1]);
          } finally {
            this.groups.pop();
          }
        });
      case "acquire":
        await this.prim<Lock>(op[1]).acquire();
        return GO_ON;
      case "event_wait":
      case "cond_wait":
        await this.prim<Event>(op[1]).wait();
        return GO_ON;
      case "cond_wait_for": {
        const flag = op[2];
        const result = await this.prim<Condition>(op[1]).waitFor(() => this.flags.get(flag));
        this.log(`cond_wait_for -> ${dumps(result)}`);
        return GO_ON;
      }
      case "barrier_wait":
        this.log(`barrier_wait ${op[1]} -> ${await this.prim<Barrier>(op[1]).wait()}`);
        return GO_ON;
      case "barrier_reset":
        await this.prim<Barrier>(op[1]).reset();
        return GO_ON;
      case "barrier_abort":
        await this.prim<Barrier>(op[1]).abort();
        return GO_ON;
      case "put":
        await this.prim<Queue<unknown>>(op[1]).put(op[2]);
        return GO_ON;
      case "get":
        this.log(`get ${op[1]} -> ${dumps(await this.prim<Queue<unknown>>(op[1]).get())}`);
        return GO_ON;
      case "join":
        await this.prim<Queue<unknown>>(op[1]).join();
        return GO_ON;
      case "reraise":
        throw this.caught[this.caught.length - 1];
      default:
        this.runOps([op as Op]);
        return GO_ON;
    }
  }

  // ---- ops that do not wait (also usable from callbacks) ----------------------

  override op(op: Op): void {
    const co = op as unknown as CoOp;
    const loop = this.loop;
    switch (co[0]) {
      case "run_co":
        this.nestedRun("run_until_complete main", () => loop.runUntilComplete(this.coro(co[1])));
        return;
      case "log":
        this.log(`${co[1]} @${fmtTime(loop.time())}`);
        return;
      case "create_task":
        this.futures.set(co[1], loop.createTask(this.coro(co[2]), { name: co[1] }));
        return;
      case "gather_future":
        this.futures.set(
          co[1],
          gather(...co[2].map((i) => this.target(i)), { returnExceptions: co[3] === true }) as Future<any>,
        );
        return;
      case "shield_future":
        this.futures.set(co[1], shield(this.target(co[2])));
        return;
      case "cancel_task": {
        const task = this.future(co[1]);
        const ok = co.length > 2 ? task.cancel(co[2]) : task.cancel();
        this.log(`cancel ${co[1]} = ${ok}`);
        return;
      }
      case "cancelling":
        this.log(`cancelling ${co[1]} = ${(this.future(co[1]) as Task).cancelling()}`);
        return;
      case "uncancel":
        this.log(`uncancel ${co[1]} = ${(this.future(co[1]) as Task).uncancel()}`);
        return;
      case "current_task": {
        const task = currentTask(loop);
        this.log(`current_task = ${task === null ? "none" : this.nameOf(task)}`);
        return;
      }
      case "this_task":
        this.futures.set(co[1], currentTask(loop)!);
        return;
      case "task_name":
        this.log(`task_name ${co[1]} = ${(this.future(co[1]) as Task).getName()}`);
        return;
      case "cm_reschedule":
        this.timeouts[this.timeouts.length - 1]!.reschedule(co[1] === null ? null : loop.time() + num(co[1]));
        return;
      case "cm_expired":
        this.log(`expired = ${this.timeouts[this.timeouts.length - 1]!.expired()}`);
        return;
      case "tg_create":
        this.futures.set(co[1], this.groups[this.groups.length - 1]!.createTask(this.coro(co[2]), { name: co[1] }));
        return;
      case "lock":
        this.prims.set(co[1], new Lock());
        return;
      case "event":
        this.prims.set(co[1], new Event());
        return;
      case "semaphore":
        this.prims.set(co[1], co[3] ? new BoundedSemaphore(co[2]) : new Semaphore(co[2]));
        return;
      case "condition":
        this.prims.set(co[1], new Condition(co[2] === undefined ? undefined : this.prim<Lock>(co[2])));
        return;
      case "barrier":
        this.prims.set(co[1], new Barrier(co[2]));
        return;
      case "queue": {
        const kind = co[3] ?? "fifo";
        const make = kind === "fifo" ? Queue : kind === "lifo" ? LifoQueue : PriorityQueue;
        this.prims.set(co[1], new make(co[2]));
        return;
      }
      case "release":
        this.prim<Lock>(co[1]).release();
        return;
      case "locked":
        this.log(`locked ${co[1]} = ${this.prim<Lock>(co[1]).locked()}`);
        return;
      case "event_set":
        this.prim<Event>(co[1]).set();
        return;
      case "event_clear":
        this.prim<Event>(co[1]).clear();
        return;
      case "notify":
        this.prim<Condition>(co[1]).notify(co[2] ?? 1);
        return;
      case "notify_all":
        this.prim<Condition>(co[1]).notifyAll();
        return;
      case "set_flag":
        this.flags.set(co[1], co[2]);
        return;
      case "put_nowait":
        this.prim<Queue<unknown>>(co[1]).putNowait(co[2]);
        return;
      case "get_nowait":
        this.log(`get_nowait ${co[1]} -> ${dumps(this.prim<Queue<unknown>>(co[1]).getNowait())}`);
        return;
      case "task_done":
        this.prim<Queue<unknown>>(co[1]).taskDone();
        return;
      case "qsize":
        this.log(`qsize ${co[1]} = ${this.prim<Queue<unknown>>(co[1]).qsize()}`);
        return;
      case "n_waiting":
        this.log(`n_waiting ${co[1]} = ${this.prim<Barrier>(co[1]).nWaiting}`);
        return;
      default:
        super.op(op);
    }
  }

  /** Top level: run_co is a run like run_until_complete; the rest as play.ts does it. */
  override async runTop(ops: Op[]): Promise<void> {
    for (const op of ops) {
      const co = op as unknown as CoOp;
      if (co[0] === "run_co") {
        const body = co[1];
        await this.topRun("run_until_complete main", () => this.loop.runUntilComplete(this.coro(body)));
      } else {
        await super.runTop([op]);
      }
    }
  }
}

/** Plays a coroutine scenario on a fresh loop with coroutines of `options.kind`. */
export async function playCoroutines(scenario: CoroutineScenario, options: CoroutinePlayOptions): Promise<string[]> {
  const player = new CoroutinePlayer(options);
  try {
    await player.runTop(scenario.steps as unknown as Op[]);
  } catch (e) {
    player.log(`player crash: ${e instanceof Error ? e.stack : String(e)}`);
  } finally {
    player.finish();
  }
  return player.trace;
}
