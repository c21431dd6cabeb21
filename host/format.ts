/**
 * Short renderings of JS values for messages and handle descriptions,
 * in the spirit of Python's reprlib: brief, bounded, never throwing.
 */

const MAX_STRING = 30;
const MAX_ITEMS = 6;

/** A value as it appears in an argument list: `1`, `'x'`, `[1, 2]`, `null`. */
export function repr(value: unknown, depth = 0): string {
  switch (typeof value) {
    case "string":
      return value.length > MAX_STRING
        ? `'${value.slice(0, MAX_STRING - 3)}...'`
        : `'${value}'`;
    case "number":
      return Object.is(value, -0) ? "-0" : String(value);
    case "bigint":
      return `${value}n`;
    case "boolean":
    case "undefined":
      return String(value);
    case "symbol":
      return value.toString();
    case "function":
      return `<function ${callableName(value)}>`;
  }
  if (value === null) return "null";
  if (Array.isArray(value)) {
    if (depth > 0) return "[...]";
    const shown = value.slice(0, MAX_ITEMS).map((item) => repr(item, depth + 1));
    if (value.length > MAX_ITEMS) shown.push("...");
    return `[${shown.join(", ")}]`;
  }
  try {
    const described = (value as { [Symbol.toStringTag]?: unknown }).constructor?.name;
    if (value instanceof Error) return `${value.name}(${repr(value.message, depth + 1)})`;
    const own = String(value);
    if (own !== "[object Object]") return own.length > 60 ? own.slice(0, 57) + "..." : own;
    return described && described !== "Object" ? `<${described} object>` : "{...}";
  } catch {
    return "<object>";
  }
}

/** What a bad argument was, for "expected X, got Y" messages. */
export function describe(value: unknown): string {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return `${repr(value)} (object)`;
  }
  return repr(value);
}

export function callableName(callback: Function): string {
  return callback.name || "<anonymous>";
}

/** asyncio's `_format_callback`: `name(arg, arg)`. */
export function formatCallback(callback: Function, args: readonly unknown[]): string {
  return `${callableName(callback)}(${args.map((arg) => repr(arg)).join(", ")})`;
}
