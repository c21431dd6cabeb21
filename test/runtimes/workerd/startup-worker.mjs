// Start-up time: a global-scope import cannot be timed (workerd's clock reads
// 0 there), so this worker, in its own isolate, imports the entry on request.
import { measureStartup } from "./suite.mjs";

export default {
  async test() {
    const { startupMs } = await measureStartup(() => import("./dist/workerd.js"));
    console.log(`STARTUP ${JSON.stringify({ startupMs })}`);
  },
};
