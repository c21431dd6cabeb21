import { EventLoop } from "wasmloop";
const loop = new EventLoop();
loop.callLater(0.1, () => { console.log("hello at", loop.time().toFixed(3)); loop.stop(); });
await loop.runForever();
