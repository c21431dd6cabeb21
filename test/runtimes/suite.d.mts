// Types for the parts of suite.mjs that vitest tests import.
export function runSuite(api: object): Promise<{ passed: number; failed: number; total: number }>;
export function sampleReprs(api: object): Promise<Record<string, string>>;
export const EXPECTED_REPRS: Record<string, string>;
export function misnamedExports(api: object): string[];
