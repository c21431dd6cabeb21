/**
 * Runners: asyncio's runners.py. run() makes a loop, runs its main task to
 * completion, cancels what is left and closes the loop; asyncio's Runner
 * (a loop kept across several runs, with a context) belongs here too.
 *
 * Above the loop and the tasks: it only uses their public faces.
 */
import { COROUTINE_EXPECTED, RuntimeError } from "./errors.js";
import { isCoroutine, type TaskTarget } from "./coroutines.js";
import { describe } from "./format.js";
import { EventLoop } from "./loop.js";
import { type EventLoopOptions, readLoopOptions } from "./options.js";
import { runningLoopNow } from "./running.js";
import { allTasks } from "./tasks.js";
import { asyncioError } from "./validate.js";

export interface RunOptions extends EventLoopOptions {}

/**
 * asyncio.run(): runs `main` as a task on a new loop, then cancels the tasks
 * still pending, lets them finish, closes the loop and gives main's result.
 */
export function run<T>(main: TaskTarget<T>, options: RunOptions = {}): Promise<T> {
  if (runningLoopNow() !== null) throw new RuntimeError("run() cannot be called from a running event loop");
  if (!isCoroutine(main)) throw asyncioError(TypeError, "run", `${COROUTINE_EXPECTED}, got ${describe(main)}`);
  const loop = new EventLoop(readLoopOptions(options, "run"));
  return runAndClose(loop, main);
}

async function runAndClose<T>(loop: EventLoop, main: TaskTarget<T>): Promise<T> {
  let result: T;
  try {
    result = await loop.runUntilComplete(main);
  } catch (error) {
    // main's failure is the one to report, whatever the clean-up meets.
    await cancelAllTasks(loop).catch(doNothing);
    loop.close();
    throw error;
  }
  try {
    await cancelAllTasks(loop);
  } finally {
    loop.close();
  }
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
