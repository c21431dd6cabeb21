import { WasmCore } from "../../host/core/binding.js";
import { ReferenceCore } from "../../host/core/reference.js";
import type { SchedulingCore } from "../../host/core/types.js";
import { coreModule } from "./wasm.js";

/** Every core test runs once per entry. */
export const cores: Array<[string, () => SchedulingCore]> = [
  ["wasm", () => new WasmCore(coreModule)],
  ["reference", () => new ReferenceCore()],
];

/** The same two, for tests that go through an EventLoop. */
export const coreNames = ["wasm", "reference"] as const;
