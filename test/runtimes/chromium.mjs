// @ts-check
/**
 * Runs a page in headless Chromium (driven by playwright-core) and prints the
 * `RESULT {json}` the page leaves in globalThis.wasmloopResult.
 *
 *   node test/runtimes/chromium.mjs <root directory> <page path under it>
 *
 * The root is served on 127.0.0.1 (a free port), the way a user's site would
 * serve the package: .wasm as application/wasm, modules as JavaScript.
 *
 * Which Chromium: the one CHROMIUM names, else Debian's package, else the one
 * `npm ci` installed (@sparticuz/chromium), so a fresh machine needs nothing
 * beyond npm. That one ships compressed and is unpacked once per version into
 * the temp directory.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

/** Debian's package, preferred over the npm one when installed (it is newer). */
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
/**
 * Flags that keep a headless run from reaching the network or updating
 * itself; without a proxy lookup, requests to 127.0.0.1 were also faster.
 */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-proxy-server",
];
const RESULT_TIMEOUT_MS = 120_000;
/**
 * A freshly launched Chromium keeps both CPUs of a small CI machine busy for
 * about a second (its other processes start up), which would be counted in
 * the page's start-up time; the page is opened once that has passed.
 */
const SETTLE_MS = 1000;
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

const [rootArgument, pagePath] = process.argv.slice(2);
if (!rootArgument || !pagePath) {
  console.error("usage: node test/runtimes/chromium.mjs <root> <page>");
  process.exit(2);
}
const root = resolve(rootArgument);
let executable;
try {
  executable = await findChromium();
} catch (error) {
  console.log(
    `RESULT ${JSON.stringify({ runtime: "chromium", error: `no Chromium: ${/** @type {Error | undefined} */ (error)?.message ?? error}` })}`,
  );
  process.exit(1);
}

const server = createServer((request, response) => {
  const path = normalize(
    join(root, decodeURIComponent(new URL(/** @type {string} */ (request.url), "http://x").pathname)),
  );
  let found = false;
  try {
    found = path.startsWith(root) && statSync(path).isFile();
  } catch {}
  if (!found) {
    response.writeHead(404).end();
    return;
  }
  const body = readFileSync(path);
  response.writeHead(200, {
    "content-type": TYPES[extname(path)] ?? "application/octet-stream",
    "content-length": body.length,
    "cache-control": "no-store",
  });
  response.end(body);
});
await /** @type {Promise<void>} */ (new Promise((done) => server.listen(0, "127.0.0.1", done)));
const url = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}/${pagePath.replace(/^\//, "")}`;

let browser;
let result;
const pageErrors = [];
try {
  browser = await chromium.launch({ executablePath: executable.path, headless: true, args: ARGS });
  const page = await browser.newPage();
  // An uncaught error (a module that failed to load, say) means no result will come.
  const uncaught = new Promise((_, reject) => page.on("pageerror", (error) => reject(error)));
  uncaught.catch(() => {});
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
  await new Promise((done) => setTimeout(done, SETTLE_MS));
  await page.goto(url);
  await Promise.race([
    page.waitForFunction(() => globalThis.wasmloopResult !== undefined, null, { timeout: RESULT_TIMEOUT_MS }),
    uncaught,
  ]);
  result = await page.evaluate(() => globalThis.wasmloopResult);
  result.version = `Chromium ${browser.version()} (${executable.source})`;
} catch (error) {
  const thrown = /** @type {Error | undefined} */ (error);
  result = { runtime: "chromium", error: `${thrown?.name ?? "Error"}: ${thrown?.message ?? error}` };
} finally {
  await browser?.close();
  server.close();
}
if (pageErrors.length > 0) result.pageErrors = pageErrors;
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(result.error || result.failed > 0 ? 1 : 0);

/** The Chromium to launch, as { path, source }; throws when none can be had. */
async function findChromium() {
  const named = process.env.CHROMIUM;
  if (named) {
    if (!existsSync(named)) throw new Error(`CHROMIUM=${named} does not exist`);
    return { path: named, source: named };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { path: SYSTEM_CHROMIUM, source: SYSTEM_CHROMIUM };
  return { path: await unpackNpmChromium(), source: "npm @sparticuz/chromium" };
}

/**
 * Unpacks @sparticuz/chromium's binary (about 200 MB, a few seconds) into
 * <temp>/wasmloop-chromium-<version>/ unless an earlier run did. The package
 * itself unpacks into the temp directory's top level and trusts any file it
 * finds there, which breaks when two runs unpack at once or an older version
 * left its binary; so it unpacks into a private directory here, which is then
 * renamed into place in one step: the versioned directory is either absent
 * or complete.
 */
async function unpackNpmChromium() {
  const entry = fileURLToPath(import.meta.resolve("@sparticuz/chromium"));
  const { version } = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8"));
  const unpacked = join(tmpdir(), `wasmloop-chromium-${version}`);
  if (existsSync(join(unpacked, "chromium"))) return join(unpacked, "chromium");

  const staging = mkdtempSync(join(tmpdir(), "wasmloop-chromium-unpacking-"));
  const saved = process.env.TMPDIR;
  try {
    // The package writes wherever os.tmpdir() points, which follows TMPDIR.
    process.env.TMPDIR = staging;
    const npmChromium = (await import("@sparticuz/chromium")).default;
    const path = await npmChromium.executablePath();
    if (path !== join(staging, "chromium"))
      throw new Error(`@sparticuz/chromium unpacked to ${path}, expected ${staging}`);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
  try {
    renameSync(staging, unpacked);
  } catch (error) {
    // Another run finished first: use its copy.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(unpacked, "chromium"))) throw error;
  }
  return join(unpacked, "chromium");
}
