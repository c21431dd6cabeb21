// CommonJS: require() of an ES module works on Node >= 20.19 when the module
// has no top-level await, which the node entry avoids for this reason.
const api = require("wasmloop");
const loop = new api.EventLoop({ clock: new api.VirtualClock(0) });
const log = [];
loop.callLater(1, () => {
  log.push(loop.time());
  loop.stop();
});
loop.runForever().then(() => {
  const ok = log.length === 1 && log[0] === 1;
  console.log(
    `RESULT ${JSON.stringify({ runtime: "node", entry: require.resolve("wasmloop"), total: 1, passed: ok ? 1 : 0, failed: ok ? 0 : 1, failures: ok ? [] : [{ name: "a timer under require()", error: JSON.stringify(log) }] })}`,
  );
  process.exitCode = ok ? 0 : 1;
});
