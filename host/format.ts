/**
 * Short renderings of JS values for messages and handle descriptions, in
 * the spirit of Python's reprlib: brief and bounded (strings, names and
 * lists are cut short, nesting is cut off), and total: every function here
 * returns a string for any value and never throws. That is what lets the
 * loop report a failing callback, and a validator name what it refused,
 * whatever the value: a getter that throws, a Proxy whose traps throw, a
 * revoked Proxy, a toString that throws, a null-prototype object. A value
 * that cannot be read gets a fixed fallback (`<object>`, `<function>`).
 */

/** Characters of a string shown before it is cut: reprlib's maxstring. */
const MAX_STRING = 30;
/** Characters of a name, or of an object's own description, shown before it is cut. */
const MAX_OTHER = 60;
/** Items of an array, or arguments of a call, shown before "...": reprlib's maxlist. */
const MAX_ITEMS = 6;
/**
 * How deep descriptions may nest through objects' own toString (a Future
 * whose result is a Future...): deeper ones are "...", so a value that
 * contains itself cannot recurse without end.
 */
const MAX_NESTING = 4;

let nesting = 0;

/** A value as it appears in an argument list: `1`, `'x'`, `[1, 2]`, `null`. Never throws. */
export function repr(value: unknown, depth = 0): string {
  switch (typeof value) {
    case "string":
      return value.length > MAX_STRING ? `'${value.slice(0, MAX_STRING - 3)}...'` : `'${value}'`;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
    case "undefined":
      return String(value);
    case "symbol":
      // String() of a symbol reads no property: no user code runs.
      return clip(String(value), MAX_OTHER);
    case "function":
      return `<function ${callableName(value)}>`;
  }
  if (value === null) return "null";
  if (nesting >= MAX_NESTING) return "...";
  nesting++;
  try {
    return reprObject(value as object, depth);
  } catch {
    return "<object>";
  } finally {
    nesting--;
  }
}

/**
 * An object's own description in full (Python's `!r` of a future in a
 * task's `wait_for=`): its toString, not cut short, nested no deeper than
 * repr() nests. Never throws.
 */
export function ownRepr(value: object): string {
  if (nesting >= MAX_NESTING) return "...";
  nesting++;
  try {
    return String(value);
  } catch {
    return repr(value);
  } finally {
    nesting--;
  }
}

/** May throw (getters, traps, toString): repr() catches. */
function reprObject(value: object, depth: number): string {
  if (Array.isArray(value)) {
    if (depth > 0) return "[...]";
    const length = value.length;
    const shown: string[] = [];
    for (let index = 0; index < length && index < MAX_ITEMS; index++) shown.push(repr(value[index], depth + 1));
    if (length > MAX_ITEMS) shown.push("...");
    return `[${shown.join(", ")}]`;
  }
  if (value instanceof Error) {
    const name = (value as { name: unknown }).name;
    const message: unknown = value.message;
    // Python's repr of an exception made without arguments: RuntimeError().
    const shown = message === "" || message === undefined ? "" : repr(message, depth + 1);
    return `${typeof name === "string" ? clip(name, MAX_OTHER) : "Error"}(${shown})`;
  }
  if (Object.getPrototypeOf(value) === null) return "{...}";
  const own = String(value);
  if (own !== "[object Object]") return clip(own, MAX_OTHER);
  const described = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof described === "string" && described !== "" && described !== "Object"
    ? `<${clip(described, MAX_OTHER)} object>`
    : "{...}";
}

/** What a bad argument was, for "expected X, got Y" messages. Never throws. */
export function describe(value: unknown): string {
  const shown = repr(value);
  if (typeof value !== "object" || value === null) return shown;
  let isArray = false;
  try {
    isArray = Array.isArray(value);
  } catch {
    // A revoked Proxy: neither an array nor anything else that can be asked.
  }
  return isArray ? shown : `${shown} (object)`;
}

/** A function's name, or `<anonymous>`; never throws (a `name` getter may). */
export function callableName(callback: Function): string {
  let name: unknown;
  try {
    name = callback.name;
  } catch {
    return "<anonymous>";
  }
  return typeof name === "string" && name !== "" ? clip(name, MAX_OTHER) : "<anonymous>";
}

/** asyncio's `_format_callback`: `name(arg, arg)`; at most MAX_ITEMS arguments are shown. Never throws. */
export function formatCallback(callback: Function, args: readonly unknown[]): string {
  const shown: string[] = [];
  for (let index = 0; index < args.length && index < MAX_ITEMS; index++) shown.push(repr(args[index]));
  if (args.length > MAX_ITEMS) shown.push("...");
  return `${callableName(callback)}(${shown.join(", ")})`;
}

/**
 * asyncio's `_format_callbacks` for a future's description: `cb=[a()]`,
 * `cb=[a(), b()]`, or the first, `<N more>` and the last. Never throws.
 */
export function formatCallbacks(callbacks: readonly Function[]): string {
  const size = callbacks.length;
  const named = (index: number) => `${callableName(callbacks[index])}()`;
  if (size <= 2) return `cb=[${callbacks.map((_, index) => named(index)).join(", ")}]`;
  return `cb=[${named(0)}, <${size - 2} more>, ${named(size - 1)}]`;
}

/**
 * `String(value)` (a cancel message, a context's message), or its repr when
 * String() fails (a null-prototype object, a toString that throws). Not
 * shortened: this is the text itself, not a description of it.
 */
export function toText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return repr(value);
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
