// A TypeScript consumer: the declarations reached through `exports` type the
// whole public API, for both "wasmloop" and "wasmloop/core".
import { EventLoop, type Future, type TimerHandle, VirtualClock } from "wasmloop";
import { init } from "wasmloop/core";

const loop: EventLoop = new EventLoop({ clock: new VirtualClock(0) });
const timer: TimerHandle = loop.callLater(1, (name: string) => name.length, "x");
const future: Future<number> = loop.createFuture<number>();
const done: Promise<number> = loop.runUntilComplete(future);
const register: (module: WebAssembly.Module) => void = init;

export { done, register, timer };
