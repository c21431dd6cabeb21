import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/helpers/wasm.ts", "test/helpers/loop-errors-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
