/**
 * Argument checks for every public entry point (the loop, futures, tasks
 * and the toolkit), one function per kind of check, so each is written once
 * and words its refusal the same way everywhere. A refusal is a TypeError
 * (wrong kind of value) or RangeError (right kind, wrong value, NaN
 * included) thrown before anything changes, and its message says which
 * method, which argument, what was expected and what came:
 *
 *   callLater() expected delay to be a number of seconds, got undefined
 *
 * `method` names the caller as the user wrote the call. A plain identifier
 * is a method or function, and "()" is added (`callLater`, `sleep`, `Barrier`).
 * Anything else is shown as it is: a method of a class carries its own
 * parentheses (`Condition.notify()`), a property has none
 * (`EventLoop.slowCallbackDuration`). Where asyncio refuses the same thing,
 * its own message is kept, after the method's name (`setExceptionHandler():
 * A callable object or null is expected, got 42`).
 *
 * This file sits low among the host's files (the loop and futures import
 * it), so it imports nothing but format.ts; the toolkit's checks that need
 * the Future class (toolkit/awaitables.ts) word their refusals here.
 *
 * Nothing here throws anything but those refusals: values are described by
 * format.ts (total), and the predicates at the end answer false for a value
 * that cannot be inspected (a Proxy whose traps throw) instead of throwing
 * its error.
 */
import { describe } from "./format.js";

/** How a method is named in a message: `callLater()`; any other name as it is (`Condition.notify()`). */
export function callName(method: string): string {
  return /^[\w$]+$/.test(method) ? `${method}()` : method;
}

/** `callLater() expected delay to be a number of seconds, got 'x'`; without `name`, `setDebug() expected a boolean, ...`. */
export function expectedError<E extends Error>(
  ErrorClass: new (message: string) => E,
  method: string,
  name: string | null,
  what: string,
  value: unknown,
): E {
  const subject = name === null ? what : `${name} to be ${what}`;
  return new ErrorClass(`${callName(method)} expected ${subject}, got ${describe(value)}`);
}

/** asyncio's message for the same refusal, after the method's name. */
export function asyncioError<E extends Error>(
  ErrorClass: new (message: string) => E,
  method: string,
  message: string,
): E {
  return new ErrorClass(`${callName(method)}: ${message}`);
}

/** Which values of seconds are accepted, and how the message says it. */
export interface SecondsRange {
  /** "any": any number but NaN (±Infinity too); ">= 0" (Infinity too); "> 0 and finite". */
  readonly accept: "any" | ">= 0" | "> 0 and finite";
  /** null is accepted too: a toolkit deadline or timeout that may be absent ("... or null"). */
  readonly orNull?: boolean;
  /** asyncio's own message for null (callLater, callAt), else the generic one. */
  readonly nullMessage?: string;
}

const ANY_SECONDS: SecondsRange = { accept: "any" };
/** Any number of seconds (negative and Infinity included, as asyncio takes them), or null. */
export const SECONDS_OR_NULL = { accept: "any", orNull: true } as const satisfies SecondsRange;

/** A number of seconds (never ms): a TypeError for a non-number, a RangeError for NaN or out of range. */
export function validateSeconds(
  value: unknown,
  method: string,
  name: string | null,
  range: SecondsRange & { readonly orNull: true },
): asserts value is number | null;
export function validateSeconds(
  value: unknown,
  method: string,
  name: string | null,
  range?: SecondsRange,
): asserts value is number;
export function validateSeconds(
  value: unknown,
  method: string,
  name: string | null,
  range: SecondsRange = ANY_SECONDS,
): asserts value is number | null {
  // The common case first: callLater and callAt are on the scheduling path.
  if (typeof value === "number" && value === value && range.accept === "any") return;
  if (value === null) {
    if (range.orNull === true) return;
    if (range.nullMessage !== undefined) throw asyncioError(TypeError, method, range.nullMessage);
  }
  const orNull = range.orNull === true ? " or null" : "";
  if (typeof value !== "number") throw expectedError(TypeError, method, name, `a number of seconds${orNull}`, value);
  const accept = range.accept;
  const inRange = accept === "any" ? value === value : accept === ">= 0" ? value >= 0 : value > 0 && value !== Infinity;
  if (!inRange) {
    const what =
      accept === "any"
        ? "a number of seconds"
        : accept === ">= 0"
          ? "a number of seconds >= 0"
          : "a finite number of seconds > 0";
    throw expectedError(RangeError, method, name, `${what}${orNull}`, value);
  }
}

/** Any number but NaN (a Queue's maxsize, notify()'s n: Python compares them, whatever they are). */
export function validateNumber(value: unknown, method: string, name: string | null): asserts value is number {
  if (typeof value !== "number") throw expectedError(TypeError, method, name, "a number", value);
  if (value !== value) throw expectedError(RangeError, method, name, "a number", value);
}

/**
 * An integer: a float where Python wants an int is a TypeError there too
 * ('float' object cannot be interpreted as an integer); NaN is a RangeError,
 * as everywhere in wasmloop. The range itself is the caller's to check.
 */
export function validateInteger(value: unknown, method: string, name: string | null): asserts value is number {
  if (typeof value === "number" && value !== value) throw expectedError(RangeError, method, name, "an integer", value);
  if (typeof value !== "number" || !Number.isInteger(value))
    throw expectedError(TypeError, method, name, "an integer", value);
}

/**
 * A function. A callback the loop schedules is refused in asyncio's words
 * (`a callable object was expected by callSoon(), got 42`); an argument with
 * a `name` (a predicate, a body) as any other argument is.
 */
export function validateCallback(
  value: unknown,
  method: string,
  name: string | null = null,
): asserts value is Function {
  if (typeof value === "function") return;
  if (name !== null) throw expectedError(TypeError, method, name, "a function", value);
  throw new TypeError(`a callable object was expected by ${callName(method)}, got ${describe(value)}`);
}

export function validateBoolean(value: unknown, method: string, name: string | null): asserts value is boolean {
  if (typeof value !== "boolean") throw expectedError(TypeError, method, name, "a boolean", value);
}

export function validateString(value: unknown, method: string, name: string | null): asserts value is string {
  if (typeof value !== "string") throw expectedError(TypeError, method, name, "a string", value);
}

/**
 * A task's name: whatever String() converts, as asyncio's str(name); a value
 * it cannot convert (a symbol, a null-prototype object) is refused, with
 * String()'s error as the cause.
 */
export function toName(value: unknown, method: string, name: string | null): string {
  try {
    return String(value);
  } catch (error) {
    throw new TypeError(
      `${callName(method)} expected ${name ?? "name"} to be convertible to a string, got ${describe(value)}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * A Task's options: the name (undefined and null, asyncio's None: the
 * default) and eagerStart (3.12's eager tasks, J23), each read once.
 */
export function readTaskOptions(options: unknown, method: string): { name: string | undefined; eagerStart: boolean } {
  validateObject(options, method, "options", "an options object");
  const name = readOption(options, "name", method);
  const eagerStart = readOption(options, "eagerStart", method) ?? false;
  validateBoolean(eagerStart, method, "options.eagerStart");
  return { name: name === undefined || name === null ? undefined : toName(name, method, "options.name"), eagerStart };
}

/** An object (options, a context): not null, not a primitive. */
export function validateObject(
  value: unknown,
  method: string,
  name: string | null,
  what: string,
): asserts value is object {
  if (value === null || typeof value !== "object") throw expectedError(TypeError, method, name, what, value);
}

/**
 * An options object (undefined: none) whose own keys are all `known`: a
 * misspelt option, or asyncio's snake_case name, is refused rather than ignored.
 */
export function validateOptions(value: unknown, method: string, known: readonly string[]): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw expectedError(TypeError, method, "options", "an object", value);
  }
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== "string" || !known.includes(key)) {
      throw new TypeError(`${callName(method)} got an unknown option ${describe(key)}; it knows ${known.join(", ")}`);
    }
  }
  return value as Record<string, unknown>;
}

/**
 * `object[key]`, for reading options: a getter or Proxy trap that throws is
 * a refusal naming the method and the option, with the error as its cause.
 */
export function readOption(object: object, key: string, method: string): unknown {
  try {
    return (object as Record<string, unknown>)[key];
  } catch (error) {
    const message = `${callName(method)} expected options.${key} to be readable, got a getter or trap that threw ${describe(error)}`;
    throw new TypeError(message, { cause: error });
  }
}

/** Whether `value[key]` is a function; false when it cannot be read. */
export function hasMethod(value: unknown, key: string): boolean {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  try {
    return typeof (value as Record<string, unknown>)[key] === "function";
  } catch {
    return false;
  }
}

// ---- Predicates: never throw -------------------------------------------------

/** A generator object (what a generator function returns). */
export function isGenerator(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  return tagOf(value) === "[object Generator]";
}

/** An async function or a generator function: what a task's first step calls. */
export function isTaskFunction(value: unknown): boolean {
  if (typeof value !== "function") return false;
  const tag = tagOf(value);
  return tag === "[object AsyncFunction]" || tag === "[object GeneratorFunction]";
}

/** What debug mode refuses as a callback: an async function, async generator or generator function. */
export function isCoroutineFunction(value: unknown): boolean {
  if (typeof value !== "function") return false;
  const tag = tagOf(value);
  return (
    tag === "[object AsyncFunction]" ||
    tag === "[object AsyncGeneratorFunction]" ||
    tag === "[object GeneratorFunction]"
  );
}

export function isGeneratorFunction(value: unknown): boolean {
  return typeof value === "function" && tagOf(value) === "[object GeneratorFunction]";
}

/** An object or function with a callable `then`. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return hasMethod(value, "then");
}

/** An Error class (Error itself or a subclass), which setException() instantiates. */
export function isErrorClass(value: unknown): value is new () => Error {
  if (typeof value !== "function") return false;
  if (value === Error) return true;
  try {
    return value.prototype instanceof Error;
  } catch {
    return false;
  }
}

/** `value instanceof Class`, false when a Proxy's getPrototypeOf trap throws. */
export function isInstanceOf<T>(value: unknown, Class: abstract new (...args: any[]) => T): value is T {
  try {
    return value instanceof Class;
  } catch {
    return false;
  }
}

/** Object.prototype.toString of `value`, or "" when a Proxy trap throws or the Proxy is revoked. */
function tagOf(value: object): string {
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return "";
  }
}
