#!/usr/bin/env node
// @ts-check
/**
 * Differential fuzzing of the Wasm core against the reference core, for longer runs
 * than the test suite does.
 *
 *   npm run fuzz -- --runs 100000 [--seed 42] [--chunk 1000] [--reference-only]
 *
 * The differential logic lives in test/core/differential.ts (TypeScript, shared with
 * the vitest suite). Node cannot import TypeScript directly, so this script bundles it
 * with esbuild into node_modules/.cache/wasmloop/ and imports the bundle.
 *
 * Runs go in chunks with seeds seed, seed+1, ...: progress is visible on long runs, and
 * a failure names the one chunk seed (plus fast-check's path) needed to replay it.
 * --reference-only fuzzes the reference core against itself, which checks the harness
 * when build/core.wasm does not exist yet.
 */

import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function usage(message) {
  if (message) console.error(`fuzz: ${message}`);
  console.error("usage: node scripts/fuzz.mjs --runs N [--seed S] [--chunk C] [--max-ops M] [--reference-only]");
  process.exit(2);
}

function parseArgs(argv) {
  /** @type {{ runs: number, seed: number | undefined, chunk: number, maxOps: number | undefined, referenceOnly: boolean }} */
  const options = { runs: 10_000, seed: undefined, chunk: 1000, maxOps: undefined, referenceOnly: false };
  const integer = (name, value, min) => {
    const n = Number(value);
    if (value === undefined || !Number.isSafeInteger(n) || n < min)
      usage(`${name} expects an integer >= ${min}, got ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.split("=", 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (name) {
      case "--runs":
        options.runs = integer(name, value(), 1);
        break;
      case "--seed":
        options.seed = integer(name, value(), -(2 ** 31));
        break;
      case "--chunk":
        options.chunk = integer(name, value(), 1);
        break;
      case "--max-ops":
        options.maxOps = integer(name, value(), 1);
        break;
      case "--reference-only":
        options.referenceOnly = true;
        break;
      case "--help":
      case "-h":
        usage();
        break;
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  return options;
}

async function loadModules(referenceOnly) {
  const lines = [
    `export { runDifferential } from "./test/core/differential.ts";`,
    `export { ReferenceCore } from "./host/core/reference.ts";`,
  ];
  if (!referenceOnly) lines.push(`export { createWasmCore } from "./host/core/binding.ts";`);
  const cacheDir = path.join(root, "node_modules", ".cache", "wasmloop");
  await mkdir(cacheDir, { recursive: true });
  const outfile = path.join(cacheDir, `fuzz-${process.pid}.mjs`);
  await build({
    stdin: { contents: lines.join("\n"), resolveDir: root, loader: "ts", sourcefile: "fuzz-entry.ts" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // fast-check resolves from the project's node_modules, which encloses the cache dir.
    packages: "external",
    outfile,
    logLevel: "warning",
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    await rm(outfile, { force: true });
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const wasmPath = path.join(root, "build", "core.wasm");
  if (!options.referenceOnly) {
    if (!existsSync(path.join(root, "host", "core", "binding.ts"))) {
      usage("host/core/binding.ts does not exist yet (use --reference-only to fuzz the harness)");
    }
    if (!existsSync(wasmPath)) usage("build/core.wasm is missing: run `npm run build` first");
  }

  const lib = await loadModules(options.referenceOnly);
  const makeReference = () => new lib.ReferenceCore();
  let makeOther = makeReference;
  let otherName = "reference";
  if (!options.referenceOnly) {
    const module = new WebAssembly.Module(await readFile(wasmPath));
    makeOther = () => lib.createWasmCore(module);
    otherName = "wasm (build/core.wasm)";
  }

  const seed = options.seed ?? (Math.random() * 2 ** 31) | 0;
  console.log(`fuzz: reference vs ${otherName}, ${options.runs} sequences, seed ${seed}`);
  const started = performance.now();
  let done = 0;
  for (let chunk = 0; done < options.runs; chunk++) {
    const runs = Math.min(options.chunk, options.runs - done);
    const chunkSeed = (seed + chunk) | 0;
    try {
      lib.runDifferential(makeReference, makeOther, { runs, seed: chunkSeed, maxOps: options.maxOps });
    } catch (error) {
      const maxOps = options.maxOps === undefined ? "" : ` --max-ops ${options.maxOps}`;
      console.error(
        `\nfuzz: divergence in chunk seed ${chunkSeed} (replay: --seed ${chunkSeed} --runs ${runs}${maxOps})`,
      );
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
    done += runs;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const line = `fuzz: ${done}/${options.runs} sequences identical (${seconds} s)`;
    // Rewrite one line on a terminal; print whole lines into logs.
    if (process.stdout.isTTY) process.stdout.write(`\r${line}`);
    else if (done === options.runs || chunk % 10 === 9) console.log(line);
  }
  if (process.stdout.isTTY) process.stdout.write("\n");
}

await main();
