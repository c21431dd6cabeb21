/**
 * Coroutines the task tests share (not a test file).
 */
import { sleep } from "../../host/index.js";

/** Makes a coroutine of one kind, logging into `log`. */
export type Body = (log: unknown[]) => (() => Promise<unknown>) | Generator<unknown, unknown, any>;

/** The same coroutine in both kinds: waits 10 s, logs what interrupts it, rethrows. */
export const sleepers: Array<[string, Body]> = [
  [
    "generator",
    (log) =>
      (function* () {
        try {
          yield* sleep(10);
        } catch (error) {
          log.push(error);
          throw error;
        }
      })(),
  ],
  [
    "async",
    (log) => async () => {
      try {
        await sleep(10);
      } catch (error) {
        log.push(error);
        throw error;
      }
    },
  ],
];
