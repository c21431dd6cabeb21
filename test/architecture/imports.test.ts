/**
 * The host is built in floors: every file imports only files below it, so
 * no import circle exists anywhere in host/, type-only imports included
 * (they tie two files together just as much). Also: no source file in
 * host/ or assembly/ is over 450 lines.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const HOST = resolve(dirname(fileURLToPath(import.meta.url)), "../../host");
const CORE = resolve(dirname(fileURLToPath(import.meta.url)), "../../assembly");
const MAX_LINES = 450;

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(path);
  }
  return files.sort();
}

/** Relative module specifiers of `import ... from`, `export ... from` and `import "..."`, type-only ones too. */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?["'](\.[^"']+)["']/g;
  for (const match of source.matchAll(pattern)) specifiers.push(match[1]);
  return specifiers;
}

/** The import graph of host/: file -> files it imports (paths relative to host/). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(HOST)) {
    // Only modules: an entry may import the compiled core (a .wasm file) too.
    const targets = importsOf(readFileSync(file, "utf8"))
      .filter((specifier) => specifier.endsWith(".js"))
      .map((specifier) => relative(HOST, resolve(dirname(file), specifier.replace(/\.js$/, ".ts"))));
    graph.set(relative(HOST, file), targets);
  }
  return graph;
}

/** Every circle in `graph`, each as the path that closes it (depth-first search, colouring nodes). */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe("host/ is built in floors", () => {
  it("the import parser sees value, type-only and re-export imports", () => {
    const source = [
      'import { a } from "./a.js";',
      'import type { B } from "./b.js";',
      'export { c } from "./c.js";',
      'export type { D } from "./d.js";',
      'import "./e.js";',
      'import {\n  f,\n  type G,\n} from "./f.js";',
      'import { x } from "vitest";',
    ].join("\n");
    expect(importsOf(source)).toEqual(["./a.js", "./b.js", "./c.js", "./d.js", "./e.js", "./f.js"]);
  });

  it("the circle finder finds a circle of type-only imports", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(circles(graph)).toEqual([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });

  it("no import circle anywhere in host/", () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(20);
    for (const [file, targets] of graph) {
      for (const target of targets)
        expect(graph.has(target), `${file} imports ${target}, which is not in host/`).toBe(true);
    }
    expect(circles(graph).map((circle) => circle.join(" -> "))).toEqual([]);
  });

  it.each([
    ["host/", HOST],
    ["assembly/", CORE],
  ])(`no source file in %s is over ${MAX_LINES} lines`, (_, dir) => {
    const files = sourceFiles(dir);
    expect(files.length).toBeGreaterThan(5);
    const long = files
      .map((file) => ({ file: relative(dir, file), lines: readFileSync(file, "utf8").split("\n").length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
