// Setup file (vitest.config.ts): every test fails if a loop reported an error it did not expect (see loop-errors.ts).
import { afterAll, afterEach } from "vitest";
import { checkLoopErrors, installLoopErrorGuard } from "./loop-errors.js";

installLoopErrorGuard();
// Registered before the test file's own hooks, so these run after them (vitest runs hooks as a stack):
// what a test's clean-up makes its loops report is checked too.
afterEach(({ task }) => checkLoopErrors("during this test", (task.result?.errors?.length ?? 0) > 0));
afterAll(() => checkLoopErrors("after the last test of this file"));
