/**
 * The child process of closed-loop-reactions.test.ts (not a test file): plays
 * the closed-loop scenarios with Node's default handling of unhandled
 * rejections (the process exits 1), then prints the outcomes as JSON.
 */
import { readFileSync } from "node:fs";
import { init } from "../../host/index.js";
import { playClosedLoopScenarios } from "./closed-loop-scenarios.js";

init(new WebAssembly.Module(readFileSync(process.argv[2]!)));
const outcomes = [...(await playClosedLoopScenarios("wasm")), ...(await playClosedLoopScenarios("reference"))];
// A last host turn, so a rejection raised by the final reactions is reported before the exit.
await new Promise((resolve) => setTimeout(resolve, 10));
console.log(JSON.stringify(outcomes));
