/**
 * Runs a page in headless Chromium (Debian's, driven by playwright-core) and
 * prints the `RESULT {json}` the page leaves in globalThis.wasmloopResult.
 *
 *   node test/runtimes/chromium.mjs <root directory> <page path under it>
 *
 * The root is served on 127.0.0.1 (a free port), the way a user's site would
 * serve the package: .wasm as application/wasm, modules as JavaScript.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, normalize, resolve } from "node:path";
import { chromium } from "playwright-core";

/** Debian's package; CHROMIUM overrides it. */
const EXECUTABLE = process.env.CHROMIUM ?? "/usr/bin/chromium";
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
if (!existsSync(EXECUTABLE)) {
  const error = `no Chromium at ${EXECUTABLE}: apt-get install -y chromium, or set CHROMIUM to its path`;
  console.log(`RESULT ${JSON.stringify({ runtime: "chromium", error })}`);
  process.exit(1);
}

const server = createServer((request, response) => {
  const path = normalize(join(root, decodeURIComponent(new URL(request.url, "http://x").pathname)));
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
await new Promise((done) => server.listen(0, "127.0.0.1", done));
const url = `http://127.0.0.1:${server.address().port}/${pagePath.replace(/^\//, "")}`;

let browser;
let result;
const pageErrors = [];
try {
  browser = await chromium.launch({ executablePath: EXECUTABLE, headless: true, args: ARGS });
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
  result.version = `Chromium ${browser.version()}`;
} catch (error) {
  result = { runtime: "chromium", error: `${error?.name ?? "Error"}: ${error?.message ?? error}` };
} finally {
  await browser?.close();
  server.close();
}
if (pageErrors.length > 0) result.pageErrors = pageErrors;
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(result.error || result.failed > 0 ? 1 : 0);
