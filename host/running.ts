/**
 * What is running right now: asyncio's running loop (`_get_running_loop`),
 * each loop's current task (`_enter_task` / `_leave_task`, which check what
 * they maintain), and the task factory through which the loop knows tasks.
 *
 * A floor below both the loop and the tasks: the loop brackets its slices
 * with enterRunningLoop/leaveRunningLoop and registers its batch hold; a
 * task's step enters and leaves its loop's LoopTasks; host/tasks.ts
 * registers the factory that loop.createTask() calls. Loops are plain
 * objects here, so nothing below the loop has to know its type.
 *
 * Costs: O(1) each; a loop's record is found once per task (a WeakMap
 * lookup) and kept by the task; an await of async code looks it up once.
 */
import { RuntimeError } from "./errors.js";
import { describe } from "./format.js";
import { callName, expectedError, hasMethod, readOption, validateObject } from "./validate.js";

/**
 * The loop whose iteration is executing right now, or whose async task's
 * code runs in the current promise job (host/stepwindows.ts brackets
 * exactly those jobs).
 */
let runningLoop: object | null = null;
/** Counts reads of the running loop: code that reads it is still running (host/stepwindows.ts). */
export let runningLoopReads = 0;

/** The loop running the current callback or task code, or null. */
export function runningLoopNow(): object | null {
  runningLoopReads++;
  return runningLoop;
}

/** `loop` starts running; returns what ran before, to hand back to leaveRunningLoop. */
export function enterRunningLoop(loop: object): object | null {
  const outer = runningLoop;
  runningLoop = loop;
  return outer;
}

export function leaveRunningLoop(outer: object | null): void {
  runningLoop = outer;
}

/** Whether any loop is running (what starting another run refuses). Not a read: it counts nothing. */
export function anyLoopRunning(): boolean {
  return runningLoop !== null;
}

/**
 * What a step needs from its loop's dispatch: hold the batch until an async
 * task's code has suspended, then let the rest run (host/dispatch.ts).
 */
export interface BatchHold {
  /** Holds the batch after the callback running now; false (nothing held) outside a callback. */
  hold(): boolean;
  /** The held step's code has suspended: the rest of the batch runs. */
  release(): void;
}

/**
 * One loop's tasks' view of it: its current task (asyncio's
 * `_current_tasks[loop]`), its pending tasks (`_scheduled_tasks`) and its
 * batch hold. Invariant: `current` is the
 * task whose step runs on the loop, or null between steps.
 */
export class LoopTasks {
  current: object | null = null;
  /** The async step that opened last (host/asyncstep.ts); it holds the batch while it is open. */
  step: object | null = null;
  /** The loop's tasks that are not done, for allTasks() and run()'s clean-up. */
  readonly pending = new Set<object>();
  readonly hold: BatchHold;
  /** What loop.setTaskFactory() set: createTask() calls it instead of the default; null: the default. */
  factory: Function | null = null;

  constructor(hold: BatchHold) {
    this.hold = hold;
  }

  /** asyncio's _enter_task: a task enters its step; no other task of the loop may be in one. */
  enter(task: object): void {
    const current = this.current;
    if (current !== null && current !== task) {
      throw new RuntimeError(`Cannot enter into task ${task} while another task ${current} is being executed.`);
    }
    this.current = task;
  }

  /**
   * asyncio's _leave_task: a task leaves its step, never another task's
   * (its step may have ended already, when the task finished in it).
   */
  leave(task: object): void {
    const current = this.current;
    if (current !== null && current !== task) {
      throw new RuntimeError(`Leaving task ${task} does not match the current task ${current}.`);
    }
    this.current = null;
  }

  /**
   * asyncio's _swap_current_task: a task's code resumed by a promise job
   * runs within whatever step is open; returns the task to swap back.
   */
  swap(task: object | null): object | null {
    const previous = this.current;
    this.current = task;
    return previous;
  }
}

const loopTasksByLoop = new WeakMap<object, LoopTasks>();

/** The loop registers its batch hold when it is made. */
export function registerLoop(loop: object, hold: BatchHold): void {
  loopTasksByLoop.set(loop, new LoopTasks(hold));
}

/** `loop`'s record; null for an object that is no loop. */
export function loopTasks(loop: object): LoopTasks | null {
  return loopTasksByLoop.get(loop) ?? null;
}

/** How createTask() makes a task: host/tasks.ts registers it, the loop calls it. */
export type TaskFactory = (loop: object, coro: unknown, options: unknown) => object;
let taskFactory: TaskFactory | null = null;

export function setTaskFactory(factory: TaskFactory): void {
  taskFactory = factory;
}

export function makeTask(loop: object, coro: unknown, options: unknown): object {
  const custom = loopTasksByLoop.get(loop)?.factory ?? null;
  if (custom !== null) return makeCustomTask(custom, loop, coro, options);
  if (taskFactory === null) throw new RuntimeError("createTask(): wasmloop's tasks module is not loaded");
  return taskFactory(loop, coro, options);
}

/** asyncio's create_task with a task factory: factory(loop, coro), then the name, if one was given. */
function makeCustomTask(factory: Function, loop: object, coro: unknown, options: unknown): object {
  if (options === undefined) options = {};
  validateObject(options, "createTask", "options", "an options object");
  const name = readOption(options, "name", "createTask");
  const task = factory(loop, coro) as object;
  // Only a given name is set: an unnamed task keeps the name its factory gave it.
  if (name !== undefined && name !== null) {
    if (!hasMethod(task, "setName"))
      throw expectedError(TypeError, "createTask", null, "the task factory to make a task with setName()", task);
    (task as { setName(name: unknown): void }).setName(name);
  }
  return task;
}

/** loop.setTaskFactory(): a function, or null for the default. */
export function setLoopTaskFactory(loop: object, factory: unknown): void {
  if (factory !== null && typeof factory !== "function") {
    throw new TypeError(
      `${callName("setTaskFactory")}: task factory must be a callable or null, got ${describe(factory)}`,
    );
  }
  loopTasksByLoop.get(loop)!.factory = factory;
}

/** loop.getTaskFactory(): what setTaskFactory() set, or null for the default. */
export function loopTaskFactory(loop: object): Function | null {
  return loopTasksByLoop.get(loop)?.factory ?? null;
}
