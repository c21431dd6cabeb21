// A Cloudflare worker bundled the way wrangler bundles it (esbuild, conditions
// workerd, worker, browser; .wasm imports kept as Wasm modules), run by
// `workerd test`.
import * as api from "wasmloop";
import { runSuite } from "./suite.mjs";

export default {
  async test() {
    const result = { runtime: "workerd", ...(await runSuite(api)) };
    console.log(`RESULT ${JSON.stringify(result)}`);
    if (result.failed > 0) throw new Error(`${result.failed} of ${result.total} tests failed`);
  },
};
