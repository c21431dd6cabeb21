/**
 * How the default exception handler words a context: the message, then
 * `key: value` lines for the other keys (sorted), with the exception as
 * the logger's second argument. Whatever the context holds (getters or
 * Proxy traps that throw, values that cannot be printed), it is logged:
 * only a throwing logger throws.
 */

import { repr, toText } from "./format.js";
import type { Future } from "./futures.js";
import type { Handle } from "./handles.js";

export interface Logger {
  warn(...data: unknown[]): void;
  error(...data: unknown[]): void;
}

/** asyncio's exception-handler context. */
export interface ExceptionContext {
  message?: string;
  exception?: unknown;
  handle?: Handle;
  /** The future; its description once it was garbage-collected (an exception never retrieved, J18). */
  future?: Future<unknown> | string;
  [key: string]: unknown;
}

interface HandlerOwner {
  defaultExceptionHandler(context: ExceptionContext): void;
}

/**
 * asyncio's call_exception_handler: the custom handler if there is one,
 * else the default one (which a subclass may override). A handler that
 * fails is reported to the default handler, and a default handler that
 * fails is logged: nothing is thrown.
 */
export function handOver<L extends HandlerOwner>(
  loop: L,
  handler: ((loop: L, context: ExceptionContext) => unknown) | null,
  context: ExceptionContext,
  logger: Logger,
): void {
  if (handler === null) {
    runDefault(loop, context, logger, "Exception in default exception handler");
    return;
  }
  try {
    handler(loop, context);
  } catch (exception) {
    runDefault(
      loop,
      { message: "Unhandled error in exception handler", exception, context },
      logger,
      "Exception in default exception handler while handling an unexpected error in custom exception handler",
    );
  }
}

function runDefault(loop: HandlerOwner, context: ExceptionContext, logger: Logger, failure: string): void {
  try {
    loop.defaultExceptionHandler(context);
  } catch (exception) {
    logQuietly(logger, failure, exception);
  }
}

export function logContext(logger: Logger, context: ExceptionContext): void {
  const message = readOrFail(context, "message");
  const lines = [message.value ? toText(message.value) : "Unhandled exception in event loop"];
  let keys: string[] = [];
  try {
    keys = Object.keys(context).sort();
  } catch {
    lines.push("(the other keys of the context could not be read)");
  }
  for (const key of keys) {
    if (key === "message" || key === "exception") continue;
    const read = readOrFail(context, key);
    lines.push(`${key}: ${read.failed ? "<could not be read>" : repr(read.value)}`);
  }
  let hasException = false;
  try {
    hasException = "exception" in context;
  } catch {
    // A Proxy's has trap threw: the context has no exception to hand on.
  }
  const exception = hasException ? readOrFail(context, "exception") : null;
  if (exception !== null && !exception.failed) logger.error(lines.join("\n"), exception.value);
  else logger.error(lines.join("\n"));
}

/** `object[key]`, or `failed` when a getter or Proxy trap throws. */
function readOrFail(object: object, key: string): { value: unknown; failed: boolean } {
  try {
    return { value: (object as Record<string, unknown>)[key], failed: false };
  } catch {
    return { value: undefined, failed: true };
  }
}

/** Logs with logger.error, for the last resort: a logger that throws has nowhere left to report to. */
export function logQuietly(logger: Logger, message: string, exception: unknown): void {
  try {
    logger.error(message, exception);
  } catch {
    // Nothing left to tell.
  }
}
