"""The workloads of bench/js/workloads.mjs on CPython's asyncio and on uvloop.

    python3 loops.py <asyncio|uvloop> <workload> <n> <rounds> <warmup>

Prints one JSON line shaped like bench/js/child.mjs's: per-round phases in
ns per operation. One loop per process, reused by every round, as on the
JavaScript side. The deadlines come from the same xorshift32 generator as
bench/lib/random.mjs, so both languages schedule the very same delays.

Time: asyncio drains timers in virtual time, like wasmloop under a
VirtualClock (the loop's clock is a variable, and the selector's wait moves
it instead of sleeping), so each distinct deadline costs one iteration on
both. uvloop's clock is libuv's and cannot be faked: it gets tiny real
delays that have all passed before the dispatch clock starts, which makes
its drain figure a lower bound (fewer, fuller iterations).
"""

import asyncio
import gc
import json
import os
import platform
import selectors
import sys
import time

STEADY_BATCH = 1000  # must match bench/js/workloads.mjs


def xorshift32(seed=0x9E3779B9):
    x = seed & 0xFFFFFFFF or 1

    def next_value():
        nonlocal x
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        return x

    return next_value


def pending_delays_s(n):
    rand = xorshift32()
    return [(1 + rand() % 100000) / 1000 for _ in range(n)]


def virtual_delays_s(n):
    rand = xorshift32()
    return [rand() / 2**32 * 1000 for _ in range(n)]


def short_delays_s(n):
    rand = xorshift32()
    return [(1 + rand() % 32) / 1000 for _ in range(n)]


class VirtualSelector(selectors.DefaultSelector):
    """A selector whose wait advances the loop's virtual clock instead of sleeping."""

    def __init__(self):
        super().__init__()
        self.now = 0.0

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError("virtual loop would wait forever")
        self.now += timeout
        return []


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._virtual = VirtualSelector()
        super().__init__(self._virtual)

    def time(self):
        return self._virtual.now


def new_loop(kind, virtual=False):
    if kind == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    return VirtualLoop() if virtual else asyncio.new_event_loop()


def check(condition, what):
    if not condition:
        raise SystemExit(f"benchmark self-check failed: {what}")


def soon(kind, n):
    loop = new_loop(kind)
    count = 0

    def callback():
        nonlocal count
        count += 1

    def run_round():
        nonlocal count
        count = 0
        call_soon = loop.call_soon
        t0 = time.perf_counter_ns()
        for _ in range(n):
            call_soon(callback)
        t1 = time.perf_counter_ns()
        # A stop before the run makes it exactly one iteration, as in wasmloop.
        loop.stop()
        loop.run_forever()
        t2 = time.perf_counter_ns()
        check(count == n, f"soon ran {count} of {n}")
        return {"schedule": t1 - t0, "dispatch": t2 - t1}

    return run_round


def steady(kind, n):
    loop = new_loop(kind)
    iterations = max(1, round(n / STEADY_BATCH))
    count = 0
    left = 0

    def callback():
        nonlocal count
        count += 1

    def driver():
        nonlocal left
        call_soon = loop.call_soon
        for _ in range(STEADY_BATCH):
            call_soon(callback)
        left -= 1
        call_soon(driver if left > 0 else loop.stop)

    def run_round():
        nonlocal count, left
        count = 0
        left = iterations
        loop.call_soon(driver)
        t0 = time.perf_counter_ns()
        loop.run_forever()
        t1 = time.perf_counter_ns()
        check(count == iterations * STEADY_BATCH, f"steady ran {count}")
        return {"run": t1 - t0}

    return run_round


def chain(kind, n):
    loop = new_loop(kind)
    left = 0

    def link():
        nonlocal left
        left -= 1
        if left > 0:
            loop.call_soon(link)
        else:
            loop.stop()

    def run_round():
        nonlocal left
        left = n
        t0 = time.perf_counter_ns()
        loop.call_soon(link)
        loop.run_forever()
        t1 = time.perf_counter_ns()
        check(left == 0, f"chain stopped with {left} left")
        return {"run": t1 - t0}

    return run_round


def schedule_cancel(kind, n):
    loop = new_loop(kind)
    delays = pending_delays_s(n)
    fired = 0

    def callback():
        nonlocal fired
        fired += 1

    def run_round():
        call_later = loop.call_later
        t0 = time.perf_counter_ns()
        handles = [call_later(delay, callback) for delay in delays]
        t1 = time.perf_counter_ns()
        for handle in handles:
            handle.cancel()
        t2 = time.perf_counter_ns()
        # asyncio drops cancelled timers in its next iteration.
        loop.stop()
        loop.run_forever()
        t3 = time.perf_counter_ns()
        del handles
        check(fired == 0, "a cancelled timer fired")
        return {"schedule": t1 - t0, "cancel": t2 - t1, "cleanup": t3 - t2}

    return run_round


def drain(kind, n, cancel_half):
    virtual = kind == "asyncio"
    loop = new_loop(kind, virtual)
    delays = virtual_delays_s(n) if virtual else short_delays_s(n)
    expected = n - n // 2 if cancel_half else n
    fired = 0

    def callback():
        nonlocal fired
        fired += 1
        if fired == expected:
            loop.stop()

    def run_round():
        nonlocal fired
        fired = 0
        call_later = loop.call_later
        t0 = time.perf_counter_ns()
        handles = [call_later(delay, callback) for delay in delays]
        t1 = time.perf_counter_ns()
        if cancel_half:
            for handle in handles[1::2]:
                handle.cancel()
        t2 = time.perf_counter_ns()
        del handles
        if not virtual:
            # Real delays of at most 32 ms: let them all pass before dispatch is timed.
            time.sleep(0.04)
        t3 = time.perf_counter_ns()
        loop.run_forever()
        t4 = time.perf_counter_ns()
        check(fired == expected, f"drained {fired} of {expected}")
        if cancel_half:
            return {"schedule": t1 - t0, "cancel": t2 - t1, "dispatch": t4 - t3}
        return {"schedule": t1 - t0, "dispatch": t4 - t3}

    return run_round


def task_step(kind, n):
    loop = new_loop(kind)

    async def body():
        for _ in range(n):
            await asyncio.sleep(0)

    def run_round():
        t0 = time.perf_counter_ns()
        loop.run_until_complete(body())
        return {"run": time.perf_counter_ns() - t0}

    return run_round


def task_await(kind, n):
    loop = new_loop(kind)

    async def body():
        for _ in range(n):
            future = loop.create_future()
            loop.call_soon(future.set_result, None)
            await future

    def run_round():
        t0 = time.perf_counter_ns()
        loop.run_until_complete(body())
        return {"run": time.perf_counter_ns() - t0}

    return run_round


WORKLOADS = {
    "soon": soon,
    "soon-steady": steady,
    "chain": chain,
    "timers-sc": schedule_cancel,
    "timers-drain": lambda kind, n: drain(kind, n, False),
    "timers-cancel50": lambda kind, n: drain(kind, n, True),
    "task-step": task_step,
    "task-await": task_await,
}


def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def memory(kind, n):
    """Bytes per pending timer: tracemalloc (every Python and PyMem allocation), RSS as a cross-check."""
    import tracemalloc

    loop = new_loop(kind)
    delays = pending_delays_s(n)

    def callback():
        pass

    tracemalloc.start()
    gc.collect()
    traced0 = tracemalloc.get_traced_memory()[0]
    rss0 = rss_bytes()
    call_later = loop.call_later
    for delay in delays:
        call_later(delay, callback)
    gc.collect()
    traced1 = tracemalloc.get_traced_memory()[0]
    rss1 = rss_bytes()
    tracemalloc.stop()
    # The delay list was made before the first reading, so it is not counted.
    return {"pendingTimerBytes": (traced1 - traced0) / n, "pendingTimerRssBytes": (rss1 - rss0) / n}


def versions(kind):
    info = {"name": "python", "version": platform.python_version(), "executable": os.path.basename(sys.executable)}
    if kind == "uvloop":
        import uvloop

        info["uvloop"] = uvloop.__version__
    return info


def main():
    kind, workload, n, rounds, warmup = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    if workload == "memory":
        print(json.dumps({"workload": workload, "subject": kind, "n": n, "runtime": versions(kind), **memory(kind, n)}))
        return
    run_round = WORKLOADS[workload](kind, n)
    cold, measured = [], []
    for index in range(warmup + rounds):
        gc.collect()
        phases = run_round()
        per_op = {phase: ns / n for phase, ns in phases.items()}
        if len(phases) > 1:
            per_op["total"] = sum(phases.values()) / n
        (cold if index < warmup else measured).append(per_op)
    print(json.dumps({"workload": workload, "subject": kind, "n": n, "runtime": versions(kind), "cold": cold, "rounds": measured}))


if __name__ == "__main__":
    main()
