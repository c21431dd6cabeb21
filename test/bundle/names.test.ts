/**
 * The built package keeps the names the sources give: every exported class
 * and function has its export name as `name`, and the reprs that print a
 * class name (`<Queue maxsize=0>`) print the same from dist/ as from host/.
 * A bundler may rename a class whose body refers to itself (esbuild makes
 * `class Queue` into `class _Queue`); the build keeps the names.
 */
import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as host from "../../host/index.js";
import { EXPECTED_REPRS, misnamedExports, sampleReprs } from "../runtimes/suite.mjs";

/** The node entry, as `import "wasmloop"` gives it in node (built by `npm run build`). */
const NODE_ENTRY = new URL("../../dist/node.js", import.meta.url);

describe("names and reprs from dist/ (the node entry)", () => {
  let dist: Record<string, unknown>;
  beforeAll(async () => {
    expect(existsSync(NODE_ENTRY), "dist/node.js is missing: run `npm run build`").toBe(true);
    dist = await import(NODE_ENTRY.href);
  });

  it("exports what host/index.ts exports", () => {
    expect(Object.keys(dist).sort()).toEqual(Object.keys(host).sort());
  });

  it("every exported class and function is named as it is exported", () => {
    expect(misnamedExports(host)).toEqual([]);
    expect(misnamedExports(dist)).toEqual([]);
    const names = (api: object) =>
      Object.entries(api)
        .filter(([, value]) => typeof value === "function")
        .map(([key, value]) => `${key}: ${value.name}`)
        .sort();
    expect(names(dist)).toEqual(names(host));
  });

  it("reprs of loops, handles, futures, tasks and the toolkit's classes match host/", async () => {
    const fromHost = await sampleReprs(host);
    const fromDist = await sampleReprs(dist);
    expect(fromDist).toEqual(fromHost);
    // The runtime suite's expectations are what the sources give.
    expect(fromHost).toEqual(EXPECTED_REPRS);
  });
});
