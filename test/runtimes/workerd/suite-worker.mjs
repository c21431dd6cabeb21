// The suite as a worker: the package is imported statically, so its entry is
// evaluated at global scope, where workerd throws on timers and I/O; an entry
// doing anything there but preparing the core fails here.
import * as api from "./dist/workerd.js";
import { runSuite } from "./suite.mjs";

export default {
  async test() {
    const result = { runtime: "workerd", ...(await runSuite(api)) };
    console.log(`RESULT ${JSON.stringify(result)}`);
    if (result.failed > 0) throw new Error(`${result.failed} of ${result.total} tests failed`);
  },
};
