// What the .mjs scripts use of Deno's and Bun's globals when they run there
// (tsconfig.js.json only: the host must not know which runtime it is on).
declare var Deno: {
  version: { deno: string; v8: string };
  args: string[];
  exit(code?: number): never;
  memoryUsage(): { rss: number; heapUsed: number; heapTotal: number; external: number };
};
declare var Bun: {
  version: string;
  gc(force: boolean): void;
};
