/**
 * Runners: asyncio's runners.py. A Runner owns one loop across several
 * runs: made lazily by the first run() or getLoop(), closed by close(),
 * which first cancels the tasks still pending and runs them to completion.
 * run() is one Runner used once.
 *
 * A Runner's states: CREATED (no loop yet) -> INITIALIZED (it has its loop)
 * -> CLOSING (close() is running the cancelled tasks out) -> CLOSED. Only
 * INITIALIZED runs anything; CLOSING and CLOSED refuse with "Runner is
 * closed", so a loop being shut down is never handed out again.
 *
 * What asyncio's runner does and this one cannot: there are no signals
 * (its Ctrl-C handling) and no contextvars (its context) in JavaScript (J21).
 *
 * Above the loop and the tasks: it only uses their public faces.
 */

import { isCoroutine, type TaskTarget } from "./coroutines.js";
import { ALREADY_RUNNING, CLOSE_RUNNING, COROUTINE_EXPECTED, RuntimeError } from "./errors.js";
import { describe } from "./format.js";
import { EventLoop } from "./loop.js";
import { type EventLoopOptions, readLoopOptions } from "./options.js";
import { isTaskTarget } from "./promises.js";
import { runningLoopNow } from "./running.js";
import { allTasks } from "./tasks.js";
import {
  asyncioError,
  callName,
  expectedError,
  isInstanceOf,
  isThenable,
  readOption,
  validateBoolean,
  validateCallback,
  validateObject,
} from "./validate.js";

export interface RunnerOptions extends EventLoopOptions {
  /**
   * Makes the runner's loop (asyncio's loop_factory); without it the runner
   * makes `new EventLoop(options)`. With it, only `debug` may be given
   * beside it: the factory chooses the clock, core and logger.
   */
  loopFactory?: (() => EventLoop) | null;
}

export interface RunOptions extends RunnerOptions {}

/** The loop options a loopFactory replaces. */
const LOOP_ONLY_OPTIONS = ["clock", "clockResolution", "logger", "core"] as const;

/** How a runner makes its loop: read and checked when the runner is made. */
class LoopRecipe {
  constructor(
    readonly make: () => EventLoop,
    readonly method: string,
  ) {}
}

/** The options of Runner() or run(), each read once; refusals name `method`. */
function readRunnerOptions(options: unknown, method: string): LoopRecipe {
  if (options === undefined) options = {};
  validateObject(options, method, "options", "an options object");
  const factory = readOption(options, "loopFactory", method);
  if (factory === undefined || factory === null) {
    const settings = readLoopOptions(options, method);
    return new LoopRecipe(() => new EventLoop(settings), method);
  }
  validateCallback(factory, method, "loopFactory");
  for (const key of LOOP_ONLY_OPTIONS) {
    if (readOption(options, key, method) !== undefined) {
      throw new TypeError(
        `${callName(method)} got both loopFactory and ${key}: the factory makes the loop, give ${key} to it`,
      );
    }
  }
  const debug = readOption(options, "debug", method);
  if (debug !== undefined) validateBoolean(debug, method, "debug");
  const make = () => {
    const loop = (factory as () => unknown)();
    if (!isInstanceOf(loop, EventLoop))
      throw expectedError(TypeError, method, null, "loopFactory to return an EventLoop", loop);
    if (debug !== undefined) loop.setDebug(debug);
    return loop;
  };
  return new LoopRecipe(make, method);
}

const CREATED = 0;
const INITIALIZED = 1;
const CLOSING = 2;
const CLOSED = 3;
type State = typeof CREATED | typeof INITIALIZED | typeof CLOSING | typeof CLOSED;

/**
 * asyncio.Runner: `const runner = new Runner({ debug, loopFactory })`, then
 * `await runner.run(main)` as often as needed, then `await runner.close()`
 * (or `await using runner = new Runner()`, where the runtime has
 * Symbol.asyncDispose). Options as for `new EventLoop()`, plus loopFactory.
 */
export class Runner {
  readonly #recipe: LoopRecipe;
  #state: State = CREATED;
  #loop: EventLoop | null = null;
  #closing: Promise<void> | null = null;

  constructor(options?: RunnerOptions) {
    this.#recipe = isInstanceOf(options, LoopRecipe) ? options : readRunnerOptions(options, "Runner");
  }

  /** The runner's loop, made now if it has none yet. */
  getLoop(): EventLoop {
    return this.#lazyInit();
  }

  /**
   * Runs `coro` as a task on the runner's loop until it is done; gives its
   * result. Refused at the call: what is not a coroutine, a call from a
   * running loop, a closed runner, a loop already running (another run()).
   */
  run<T>(coro: TaskTarget<T> | (() => PromiseLike<T>)): Promise<T> {
    checkMain(coro, "Runner.run()");
    if (runningLoopNow() !== null) throw new RuntimeError("Runner.run() cannot be called from a running event loop");
    const loop = this.#lazyInit();
    // Before the task is made: a refused run leaves nothing behind on the loop.
    if (loop.isRunning()) throw new RuntimeError(ALREADY_RUNNING);
    return loop.runUntilComplete(loop.createTask(coro));
  }

  /**
   * Cancels the loop's pending tasks, runs them to completion, closes the
   * loop. Nothing to do before the loop is made or after close; while a close
   * is under way, the same promise. A running loop is refused at the call.
   */
  close(): Promise<void> {
    if (this.#state === CLOSING) return this.#closing!;
    if (this.#state !== INITIALIZED) return Promise.resolve();
    const loop = this.#loop!;
    if (loop.isRunning()) throw new RuntimeError(CLOSE_RUNNING);
    this.#state = CLOSING;
    this.#closing = this.#shutDown(loop);
    return this.#closing;
  }

  async #shutDown(loop: EventLoop): Promise<void> {
    try {
      await cancelAllTasks(loop);
    } finally {
      loop.close();
      this.#loop = null;
      this.#closing = null;
      this.#state = CLOSED;
    }
  }

  /**
   * For `using`: closes at once when no task is pending; pending tasks must
   * be run out, which only `await using` (or `await close()`) can wait for.
   */
  #disposeNow(): void {
    if (this.#state !== INITIALIZED) return;
    const loop = this.#loop!;
    const pending = allTasks(loop).size;
    if (pending > 0) {
      throw new RuntimeError(
        `Runner has ${pending} pending task(s) to cancel and run out: use await using or await runner.close()`,
      );
    }
    if (loop.isRunning()) throw new RuntimeError(CLOSE_RUNNING);
    loop.close();
    this.#loop = null;
    this.#state = CLOSED;
  }

  // The disposal protocols exist only where the runtime defines their symbols.
  static {
    const symbols = Symbol as unknown as { asyncDispose?: symbol; dispose?: symbol };
    const define = (key: symbol | undefined, value: (this: Runner) => unknown) => {
      if (typeof key === "symbol")
        Object.defineProperty(Runner.prototype, key, { value, configurable: true, writable: true });
    };
    define(symbols.asyncDispose, function () {
      return this.close();
    });
    define(symbols.dispose, function () {
      this.#disposeNow();
    });
  }

  #lazyInit(): EventLoop {
    if (this.#state === CLOSING || this.#state === CLOSED) throw new RuntimeError("Runner is closed");
    if (this.#state === CREATED) {
      this.#loop = this.#recipe.make();
      this.#state = INITIALIZED;
    }
    return this.#loop!;
  }
}

/**
 * asyncio.run(): runs `main` as a task on a new loop, then cancels the tasks
 * still pending, lets them finish, closes the loop and gives main's result.
 */
export function run<T>(main: TaskTarget<T>, options: RunOptions = {}): Promise<T> {
  if (runningLoopNow() !== null) throw new RuntimeError("run() cannot be called from a running event loop");
  checkMain(main, "run");
  const runner = new Runner(readRunnerOptions(options, "run") as RunnerOptions);
  runner.getLoop(); // a loopFactory that throws does so at the call
  return runAndClose(runner, main);
}

/**
 * What a run can start (J16): what a task takes, but a promise: `run(main())`
 * has already started main's code before the run's loop exists, so its first
 * await of the loop's awaitables would find no running loop.
 */
function checkMain(main: unknown, method: string): void {
  if (isThenable(main) && !isCoroutine(main)) {
    const forms = "pass the async function itself, run(main), or a function that calls it, run(() => main(args))";
    throw asyncioError(TypeError, method, `${COROUTINE_EXPECTED}, got a promise (${describe(main)}): ${forms}`);
  }
  if (!isTaskTarget(main)) throw asyncioError(TypeError, method, `${COROUTINE_EXPECTED}, got ${describe(main)}`);
}

async function runAndClose<T>(runner: Runner, main: TaskTarget<T>): Promise<T> {
  let result: T;
  try {
    result = await runner.run(main);
  } catch (error) {
    // main's failure is the one to report, whatever the clean-up meets.
    await runner.close().catch(doNothing);
    throw error;
  }
  await runner.close();
  return result;
}

async function cancelAllTasks(loop: EventLoop): Promise<void> {
  const toCancel = [...allTasks(loop)];
  if (toCancel.length === 0) return;
  for (const task of toCancel) task.cancel();
  const everyone = loop.createFuture<void>();
  let left = toCancel.length;
  const oneDone = () => {
    if (--left === 0) everyone.setResult(undefined);
  };
  for (const task of toCancel) task.addDoneCallback(oneDone);
  await loop.runUntilComplete(everyone);
  for (const task of toCancel) {
    if (task.cancelled()) continue;
    const exception = task.exception();
    if (exception !== null) {
      loop.callExceptionHandler({ message: "unhandled exception during run() shutdown", exception, task });
    }
  }
}

function doNothing(): void {}
