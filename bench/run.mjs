// @ts-check
// wasmloop's benchmarks, side by side in one run: wasmloop on its Wasm core
// and on its pure-TS reference core, the host's own primitives, CPython's
// asyncio and uvloop, under Node, Deno and Bun. See bench/README.md.
//
//   npm run bench                 full run (n = 1,000,000), about 10 minutes
//   npm run bench -- --quick      n = 100,000 and fewer rounds, under 2 minutes
//   options: --only=soon,chain   --runtimes=node,python,deno,bun   --out=FILE
//
// Every measurement runs in a child process of its own under a timeout (Bun
// hangs rather than exits on some failures); a child that fails or times out
// is reported and skipped, never fatal. Prints the tables, writes the JSON
// (bench/results/latest.json) and its tables as Markdown beside it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { WORKLOADS } from "./js/workloads.mjs";
import { ratio, summarize } from "./lib/stats.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(BENCH);
const BIN = join(ROOT, "node_modules", ".bin");

const args = parseArgs(process.argv.slice(2));
const QUICK = args.quick === true;
// Rounds are cheap for JS on Node and dear elsewhere (Deno's setTimeout and
// CPython's drain take seconds per round at full size): fewer there, so the
// full run stays near ten minutes on two cores.
const CONFIG = QUICK
  ? {
      n: 100_000,
      jsRounds: 5,
      jsWarmup: 2,
      otherRounds: 3,
      otherWarmup: 1,
      pyRounds: 2,
      pyWarmup: 0,
      memoryN: 200_000,
      steadyIterations: 100,
      timeoutS: 60,
    }
  : {
      n: 1_000_000,
      jsRounds: 7,
      jsWarmup: 2,
      otherRounds: 5,
      otherWarmup: 1,
      pyRounds: 3,
      pyWarmup: 0,
      memoryN: 1_000_000,
      steadyIterations: 100,
      timeoutS: 400,
    };
const ONLY = args.only ? new Set(String(args.only).split(",")) : null;
const RUNTIMES = new Set(String(args.runtimes ?? "node,python,deno,bun").split(","));
const OUT = args.out ? String(args.out) : join(BENCH, "results", "latest.json");

const SUBJECT_LABELS = {
  wasm: "wasm core",
  reference: "reference core",
  setImmediate: "setImmediate",
  queueMicrotask: "queueMicrotask",
  setTimeout: "setTimeout",
  asyncio: "asyncio",
  uvloop: "uvloop",
};
const JS_SUBJECTS = ["wasm", "reference", "setImmediate", "queueMicrotask", "setTimeout"];
const PY_SUBJECTS = ["asyncio", "uvloop"];
const PHASE_ORDER = ["schedule", "cancel", "cleanup", "dispatch", "run", "total"];
const TASKS_NOTE = "not yet: tasks do not exist (host/tasks.ts)";

const started = Date.now();
const log = (line) => process.stderr.write(`${line}\n`);

const machine = describeMachine();
const TASKS_EXIST = existsSync(join(ROOT, "host", "tasks.ts"));
const workloads = Object.keys(WORKLOADS).filter(
  (name) => (ONLY === null || ONLY.has(name)) && (TASKS_EXIST || !WORKLOADS[name].tasks),
);
const results = { node: {}, deno: {}, bun: {}, python: {} };
const failures = [];
const notes = [];
/** Workloads a subject could not run (tasks not built yet, say): one note each. */
const skipped = new Set();

// ---- running ---------------------------------------------------------------

const JS_RUNTIMES = {
  node: { command: process.execPath, prefix: [] },
  deno: { command: join(BIN, "deno"), prefix: ["run", "-A"] },
  bun: { command: join(BIN, "bun"), prefix: [] },
};
const MEMORY_FLAGS = {
  node: ["--expose-gc", "--max-semi-space-size=64", "--min-semi-space-size=64"],
  deno: ["run", "-A", "--v8-flags=--expose-gc,--max-semi-space-size=64,--min-semi-space-size=64"],
  bun: [],
};

function runChild(label, command, argv) {
  const t0 = Date.now();
  const child = spawnSync(command, argv, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: CONFIG.timeoutS * 1000,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  const lastLine = (child.stdout ?? "").trim().split("\n").pop() ?? "";
  if (child.error || child.status !== 0 || !lastLine.startsWith("{")) {
    const why =
      /** @type {NodeJS.ErrnoException | undefined} */ (child.error)?.code === "ETIMEDOUT"
        ? `timed out after ${CONFIG.timeoutS} s`
        : `exit ${child.status ?? child.signal}`;
    const detail = (child.stderr ?? "").trim().split("\n").slice(-3).join(" | ");
    failures.push({ label, why, detail });
    log(`  ${label}: FAILED (${why}) ${detail}`);
    return null;
  }
  const parsed = JSON.parse(lastLine);
  if (parsed.skipped) {
    log(`  ${label}: skipped (${parsed.skipped})`);
    skipped.add(`${parsed.workload}: ${parsed.skipped}`);
    return null;
  }
  log(`  ${label}: ${seconds} s`);
  return parsed;
}

function record(runtime, subject, workload, raw) {
  if (raw === null) return;
  const phases = {};
  for (const phase of Object.keys(raw.rounds[0] ?? {})) {
    phases[phase] = summarize(raw.rounds.map((round) => round[phase]));
  }
  results[runtime][subject] ??= {};
  results[runtime][subject][workload] = {
    n: raw.n,
    phases,
    rounds: raw.rounds,
    cold: raw.cold,
  };
  results[runtime][subject].runtime = raw.runtime;
}

function runJs(runtime) {
  const { command, prefix } = JS_RUNTIMES[runtime];
  if (!existsSync(command)) {
    notes.push(`${runtime}: not run, ${command} is missing (npm ci installs it)`);
    return;
  }
  log(`${runtime}:`);
  const child = join(BENCH, "js", "child.mjs");
  for (const workload of workloads) {
    for (const subject of WORKLOADS[workload].subjects) {
      const rounds = runtime === "node" ? [CONFIG.jsRounds, CONFIG.jsWarmup] : [CONFIG.otherRounds, CONFIG.otherWarmup];
      const argv = [...prefix, child, workload, subject, CONFIG.n, ...rounds].map(String);
      record(runtime, subject, workload, runChild(`${runtime} ${subject} ${workload}`, command, argv));
    }
  }
  if (ONLY === null || ONLY.has("memory")) {
    const memory = join(BENCH, "js", "memory.mjs");
    for (const subject of ["wasm", "reference", "setTimeout", "setImmediate"]) {
      const argv = [...MEMORY_FLAGS[runtime], memory, subject, CONFIG.memoryN, CONFIG.steadyIterations].map(String);
      const raw = runChild(`${runtime} ${subject} memory`, command, argv);
      if (raw === null) continue;
      results[runtime][subject] ??= {};
      results[runtime][subject].memory = {
        n: raw.n,
        pendingTimer: raw.pendingTimer ?? null,
        allocation: raw.allocation,
      };
      results[runtime][subject].runtime ??= raw.runtime;
    }
  }
}

function pythonFor(subject) {
  // asyncio on the python3 first on PATH (the one the project's tests use);
  // uvloop wherever it imports: Debian packages it for /usr/bin/python3 only.
  const candidates = subject === "asyncio" ? ["python3"] : ["python3", "/usr/bin/python3"];
  const probe = subject === "asyncio" ? "import asyncio" : "import uvloop";
  for (const python of candidates) {
    const check = spawnSync(python, ["-c", probe], { encoding: "utf8", timeout: 20_000 });
    if (check.status === 0) return python;
  }
  return null;
}

function runPython() {
  log("python:");
  const script = join(BENCH, "py", "loops.py");
  for (const subject of PY_SUBJECTS) {
    const python = pythonFor(subject);
    if (python === null) {
      notes.push(
        subject === "uvloop"
          ? "uvloop: skipped, importable by neither python3 nor /usr/bin/python3 (Debian: apt-get install python3-uvloop)"
          : "asyncio: skipped, no python3 on PATH",
      );
      continue;
    }
    for (const workload of workloads) {
      // -B: no __pycache__ left in bench/py.
      const argv = ["-B", script, subject, workload, CONFIG.n, CONFIG.pyRounds, CONFIG.pyWarmup].map(String);
      record("python", subject, workload, runChild(`${subject} ${workload}`, python, argv));
    }
    if (ONLY === null || ONLY.has("memory")) {
      const raw = runChild(`${subject} memory`, python, [
        "-B",
        script,
        subject,
        "memory",
        String(CONFIG.memoryN),
        "1",
        "0",
      ]);
      if (raw !== null) {
        results.python[subject] ??= {};
        results.python[subject].memory = {
          n: raw.n,
          pendingTimer: { total: raw.pendingTimerBytes, rss: raw.pendingTimerRssBytes },
          allocation: {},
        };
        results.python[subject].runtime ??= raw.runtime;
      }
    }
  }
}

// Other processes on two cores move every figure; say so rather than hide it.
if (os.loadavg()[0] > os.cpus().length * 0.5) {
  notes.push(
    `the machine was busy when the run started (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs): figures may be inflated and noisy`,
  );
}
if (!existsSync(join(ROOT, "dist", "node.js"))) {
  throw new Error("dist/node.js is missing: run `npm run build` first (`npm run bench` does)");
}
log(`wasmloop benchmarks (${QUICK ? "quick" : "full"}: n = ${CONFIG.n.toLocaleString("en")})`);
if (RUNTIMES.has("node")) runJs("node");
if (RUNTIMES.has("python")) runPython();
if (RUNTIMES.has("deno")) runJs("deno");
if (RUNTIMES.has("bun")) runJs("bun");
if (!TASKS_EXIST) notes.push(`tasks: ${TASKS_NOTE}`);
notes.push(...skipped);

// ---- ratios ----------------------------------------------------------------

/** Every pair within a runtime, CPython's loops included: ratios[w][phase]["a/b"] = a's cost over b's. */
function ratiosFor(runtime) {
  const subjects = { ...results[runtime] };
  for (const [name, entry] of Object.entries(results.python)) subjects[name] = entry;
  const out = {};
  for (const workload of workloads) {
    const phases = new Set();
    for (const entry of Object.values(subjects))
      for (const phase of Object.keys(entry[workload]?.phases ?? {})) phases.add(phase);
    for (const phase of phases) {
      for (const [a, ea] of Object.entries(subjects)) {
        for (const [b, eb] of Object.entries(subjects)) {
          if (a === b) continue;
          const r = ratio(ea[workload]?.phases[phase], eb[workload]?.phases[phase]);
          if (r === null) continue;
          ((out[workload] ??= {})[phase] ??= {})[`${a}/${b}`] = r;
        }
      }
    }
  }
  // Memory: bytes per pending timer, same pairing.
  for (const [a, ea] of Object.entries(subjects)) {
    for (const [b, eb] of Object.entries(subjects)) {
      const x = ea.memory?.pendingTimer?.total;
      const y = eb.memory?.pendingTimer?.total;
      if (a === b || !(x > 0) || !(y > 0)) continue;
      ((out.memory ??= {}).pendingTimer ??= {})[`${a}/${b}`] = { median: x / y, min: x / y, max: x / y };
    }
  }
  return out;
}
const ratios = {};
for (const runtime of ["node", "deno", "bun"])
  if (Object.keys(results[runtime]).length > 0) ratios[runtime] = ratiosFor(runtime);

// ---- targets (goals, not gates) ---------- -------------------------------------

const figure = (runtime, subject, workload, phase) => results[runtime]?.[subject]?.[workload]?.phases?.[phase]?.median;
const totalOf = (runtime, subject, workload) =>
  figure(runtime, subject, workload, "total") ?? figure(runtime, subject, workload, "run");
const nodeRatio = (workload, phase, pair) => ratios.node?.[workload]?.[phase]?.[pair]?.median;

function targets() {
  const list = [];
  const add = (name, measured, goal, met, unit = "", range = null) =>
    list.push({ name, measured, goal, met, unit, range });
  for (const workload of workloads) {
    const phase = results.node.wasm?.[workload]?.phases.total ? "total" : "run";
    const r = ratios.node?.[workload]?.[phase]?.["reference/wasm"];
    if (r === undefined) continue;
    const timer = workload.startsWith("timers");
    add(
      `wasm not slower than reference: ${workload}`,
      r.median,
      timer ? "> 1.0" : ">= 1.0",
      timer ? r.median > 1 : r.median >= 1,
      "x",
      r,
    );
  }
  const memWasm = results.node.wasm?.memory?.pendingTimer?.total;
  const memRef = results.node.reference?.memory?.pendingTimer?.total;
  if (memWasm && memRef)
    add("wasm uses less memory than reference per pending timer", memRef / memWasm, "> 1.0", memRef / memWasm > 1, "x");
  const abs = [
    ["soon", "soon <= 15 ns per callback", 15],
    ["soon-steady", "soon in steady state (1,000 per iteration) <= 20 ns", 20],
    ["chain", "chain <= 30 ns per link", 30],
    ["timers-sc", "timers-sc <= 60 ns per schedule+cancel pair (cleanup included)", 60],
    ["timers-drain", "timers-drain <= 500 ns per timer", 500],
  ];
  for (const [workload, name, goal] of abs) {
    const value = totalOf("node", "wasm", workload);
    if (value !== undefined) add(name, value, `<= ${goal}`, value <= goal, "ns");
  }
  if (memWasm) add("<= 32 bytes per pending timer, in total", memWasm, "<= 32", memWasm <= 32, "B");
  for (const workload of ["soon", "chain"]) {
    const phase = workload === "soon" ? "total" : "run";
    const a = nodeRatio(workload, phase, "asyncio/wasm");
    if (a !== undefined) add(`${workload}: asyncio / wasm >= 100`, a, ">= 100", a >= 100, "x");
    const u = nodeRatio(workload, phase, "uvloop/wasm");
    if (u !== undefined) add(`${workload}: uvloop / wasm >= 50`, u, ">= 50", u >= 50, "x");
  }
  const st = nodeRatio("timers-sc", "total", "setTimeout/wasm");
  if (st !== undefined) add("timers-sc: setTimeout+clearTimeout / wasm >= 10", st, ">= 10", st >= 10, "x");
  const memTimeout = results.node.setTimeout?.memory?.pendingTimer?.total;
  if (memWasm && memTimeout)
    add("memory: setTimeout / wasm >= 5", memTimeout / memWasm, ">= 5", memTimeout / memWasm >= 5, "x");
  const alloc = results.node.wasm?.memory?.allocation?.["callSoon(cb)"];
  if (alloc) {
    add(
      "no JS heap allocated per callSoon(cb) in steady state",
      alloc.allocatedBytes,
      "~0 (< 1)",
      alloc.allocatedBytes < 1,
      "B",
    );
    // Retained figures wander by a byte or so between runs (code and feedback the JIT keeps).
    add(
      "no JS heap retained per callSoon(cb) in steady state",
      alloc.retainedBytes,
      "~0 (< 2)",
      Math.abs(alloc.retainedBytes) < 2,
      "B",
    );
  }
  return list;
}
const targetList = targets();

// ---- output ----------------------------------------------------------------

const fmt = (value) => {
  if (value === undefined || value === null || !Number.isFinite(value)) return "";
  const abs = Math.abs(value);
  if (Math.round(abs) >= 1000) return Math.round(value).toLocaleString("en");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
};
const cell = (s) => (s ? `${fmt(s.median)} [${fmt(s.min)}-${fmt(s.max)}]` : "");
const ratioCell = (r) => (r ? `${fmt(r.median)}x [${fmt(r.min)}-${fmt(r.max)}]` : "");

function phasesOf(workload, subjects, runtime) {
  const found = new Set();
  for (const subject of subjects) {
    const source = PY_SUBJECTS.includes(subject) ? results.python : results[runtime];
    for (const phase of Object.keys(source[subject]?.[workload]?.phases ?? {})) found.add(phase);
  }
  return PHASE_ORDER.filter((phase) => found.has(phase));
}

/** Figures and ratios for one runtime; CPython's loops sit beside the JS runtime they are compared with. */
function runtimeTables(runtime, withPython) {
  const present = JS_SUBJECTS.filter((s) => results[runtime][s] && workloads.some((w) => results[runtime][s][w]));
  const py = withPython ? PY_SUBJECTS.filter((s) => results.python[s]) : [];
  const subjects = [...present, ...py];
  const figures = [["workload", "phase", ...subjects.map((s) => SUBJECT_LABELS[s])]];
  const others = subjects.filter((s) => s !== "wasm");
  const ratioRows = [["workload", "phase", ...others.map((s) => `${SUBJECT_LABELS[s]} / wasm`)]];
  for (const workload of workloads) {
    for (const phase of phasesOf(workload, subjects, runtime)) {
      const source = (s) => (PY_SUBJECTS.includes(s) ? results.python : results[runtime]);
      figures.push([workload, phase, ...subjects.map((s) => cell(source(s)[s]?.[workload]?.phases[phase]))]);
      ratioRows.push([
        workload,
        phase,
        ...others.map((s) => ratioCell(ratios[runtime]?.[workload]?.[phase]?.[`${s}/wasm`])),
      ]);
    }
  }
  return { figures, ratioRows };
}

function memoryTable() {
  const rows = [
    [
      "runtime",
      "subject",
      "B per pending timer (total)",
      "JS heap",
      "ArrayBuffers",
      "Wasm memory",
      "allocated per callback",
      "retained per callback",
    ],
  ];
  for (const runtime of ["node", "deno", "bun", "python"]) {
    for (const [subject, entry] of Object.entries(results[runtime])) {
      const memory = entry.memory;
      if (!memory) continue;
      const p = memory.pendingTimer;
      const paths = Object.entries(memory.allocation ?? {});
      const alloc = paths
        .map(
          ([path, a]) =>
            `${path}: ${a.collectedDuringWindow ? "n/a (a collection ran in the window)" : fmt(a.allocatedBytes)}`,
        )
        .join("; ");
      const kept = paths.map(([path, a]) => `${path}: ${fmt(a.retainedBytes)}`).join("; ");
      const runtimeName = runtime === "python" ? `python ${entry.runtime?.version ?? ""}` : runtime;
      rows.push([
        runtimeName,
        SUBJECT_LABELS[subject],
        p ? fmt(p.total) + (p.rss !== undefined ? ` (RSS ${fmt(p.rss)})` : "") : "",
        p?.heap !== undefined ? fmt(p.heap) : "",
        p?.arrayBuffers !== undefined ? fmt(p.arrayBuffers) : "",
        p?.wasm !== undefined ? fmt(p.wasm) : "",
        alloc ||
          (runtime === "bun" && subject !== "setTimeout"
            ? "not measurable (heap figures move only on collection)"
            : ""),
        kept,
      ]);
    }
  }
  return rows;
}

function targetTable() {
  const rows = [["target (Node)", "measured", "goal", "status"]];
  for (const t of targetList) {
    let status = t.met ? "met" : "missed";
    if (!t.met && t.unit === "x" && t.goal.startsWith(">"))
      status += ` (by ${fmt(Number(t.goal.replace(/[^0-9.]/g, "")) / t.measured)}x)`;
    if (t.range && t.range.min <= 1 && t.range.max >= 1)
      status += `, range ${fmt(t.range.min)}-${fmt(t.range.max)} straddles 1`;
    if (!t.met && (t.unit === "ns" || t.unit === "B") && t.goal.startsWith("<="))
      status += ` (by ${fmt(t.measured / Number(t.goal.replace(/[^0-9.]/g, "")))}x)`;
    rows.push([t.name, `${fmt(t.measured)} ${t.unit}`, t.goal, status]);
  }
  return rows;
}

function renderText(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? "").length)));
  return rows
    .map((r, i) => {
      const line = r
        .map((v, c) => String(v ?? "").padEnd(widths[c]))
        .join("  ")
        .trimEnd();
      return i === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    })
    .join("\n");
}

function renderMarkdown(rows) {
  const esc = (v) => String(v ?? "").replaceAll("|", "\\|");
  return [
    `| ${rows[0].map(esc).join(" | ")} |`,
    `| ${rows[0].map(() => "---").join(" | ")} |`,
    ...rows.slice(1).map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

const command = `npm run bench${QUICK ? " -- --quick" : ""}`;
const unitsNote = (runtime) => {
  const [rounds, warmup] =
    runtime === "node" ? [CONFIG.jsRounds, CONFIG.jsWarmup] : [CONFIG.otherRounds, CONFIG.otherWarmup];
  return `ns per operation, median [min-max] over ${rounds} rounds after ${warmup} warm-up (Python: ${CONFIG.pyRounds} rounds); n = ${CONFIG.n.toLocaleString("en")}`;
};
const sections = [];
for (const runtime of ["node", "deno", "bun"]) {
  if (Object.keys(results[runtime]).length === 0) continue;
  const info = Object.values(results[runtime]).find((e) => e.runtime)?.runtime;
  const { figures, ratioRows } = runtimeTables(runtime, runtime === "node");
  const title = `${runtime} ${info?.version ?? ""} (${info?.engine ?? ""})`;
  sections.push({ title: `${title}: ${unitsNote(runtime)}`, rows: figures });
  sections.push({
    title: `${title}: ratios, each subject's cost over the wasm core's (> 1: the wasm core is faster)`,
    rows: ratioRows,
  });
}
sections.push({
  title:
    "memory: bytes per pending timer (random delays, handles not kept by the caller), JS heap per callback in steady state",
  rows: memoryTable(),
});
if (targetList.length > 0) sections.push({ title: "targets", rows: targetTable() });

const header = [
  `machine: ${machine.cpus} x ${machine.cpuModel}, ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${machine.os}`,
  `versions: node ${machine.versions.node}, deno ${machine.versions.deno ?? "-"}, bun ${machine.versions.bun ?? "-"}, python3 ${machine.versions.python3 ?? "-"}, uvloop ${machine.versions.uvloop ?? "-"}`,
  `commit: ${machine.commit}; wasmloop from ${machine.wasmloop}`,
];
const footer = [...notes, ...failures.map((f) => `FAILED ${f.label}: ${f.why} ${f.detail}`)];

process.stdout.write(`\n${header.join("\n")}\n`);
for (const section of sections) process.stdout.write(`\n${section.title}\n${renderText(section.rows)}\n`);
if (footer.length) process.stdout.write(`\nnotes:\n${footer.map((l) => `- ${l}`).join("\n")}\n`);

const elapsedS = (Date.now() - started) / 1000;
machine.loadAverageAtEnd = os.loadavg();
const json = {
  command,
  mode: QUICK ? "quick" : "full",
  date: new Date().toISOString(),
  elapsedSeconds: elapsedS,
  config: CONFIG,
  units: "ns per operation (memory: bytes); each figure is { median, min, max, rounds } over the measured rounds",
  machine,
  workloads: Object.fromEntries([
    ...workloads.map((w) => [w, WORKLOADS[w].about]),
    ["memory", "bytes per pending timer; JS heap allocated and retained per callback in steady state"],
    ...(TASKS_EXIST ? [] : [["tasks", TASKS_NOTE]]),
  ]),
  results,
  ratios,
  targets: targetList,
  notes,
  failures,
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(json, null, 2)}\n`);
const markdown = [
  `Command: \`${command}\` (${json.date.slice(0, 10)}, ${Math.round(elapsedS)} s)`,
  "",
  ...header.map((l) => `${l}  `),
  ...sections.flatMap((s) => ["", `**${s.title}**`, "", renderMarkdown(s.rows)]),
  ...(footer.length ? ["", ...footer.map((l) => `- ${l}`)] : []),
  "",
].join("\n");
writeFileSync(`${OUT.replace(/\.json$/, "")}.md`, markdown);
process.stdout.write(`\n${relative(ROOT, OUT)} written (${Math.round(elapsedS)} s)\n`);

// ---- helpers ---------------------------------------------------------------

function parseArgs(argv) {
  const out = {};
  for (const arg of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (!match)
      throw new Error(`bench: unknown argument ${arg} (expected --quick, --only=..., --runtimes=..., --out=...)`);
    out[match[1]] = match[2] ?? true;
  }
  return out;
}

function versionOf(command, argv, pattern = /(\d+\.\d+(\.\d+)?)/) {
  try {
    const text = execFileSync(command, argv, { encoding: "utf8", timeout: 20_000, stdio: ["ignore", "pipe", "pipe"] });
    return pattern.exec(text)?.[1] ?? text.trim();
  } catch {
    return null;
  }
}

function describeMachine() {
  const cpus = os.cpus();
  const uvloopPython = ["python3", "/usr/bin/python3"].find(
    (python) => spawnSync(python, ["-c", "import uvloop"], { timeout: 20_000 }).status === 0,
  );
  let commit = null;
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "host", "assembly"], {
      cwd: ROOT,
      encoding: "utf8",
    }).trim();
    if (dirty) commit += " (host/ or assembly/ modified)";
  } catch {
    commit = "unknown";
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg(),
    commit,
    wasmloop: process.env.BENCH_LIB ?? "dist/node.js",
    versions: {
      node: process.versions.node,
      v8: process.versions.v8,
      deno: versionOf(join(BIN, "deno"), ["--version"]),
      bun: versionOf(join(BIN, "bun"), ["--version"]),
      python3: versionOf("python3", ["--version"]),
      // The interpreter's file name only: a machine's directories do not belong in committed results.
      python3Path: versionOf("python3", ["-c", "import os, sys; print(os.path.basename(sys.executable))"], /(.+)/),
      uvloop: uvloopPython ? versionOf(uvloopPython, ["-c", "import uvloop; print(uvloop.__version__)"]) : null,
      uvloopPython: uvloopPython ?? null,
    },
  };
}
