"""The oracle for the coroutine scenarios: driver.py's player, plus coroutines.

Reads a JSON array of coroutine scenarios (coroutine-scenarios.ts describes
the format) on stdin and prints {scenarioName: [trace lines]} on stdout. A
coroutine is a list of ops run in order by an `async def` interpreter, so
every await an op makes is the await the scenario names, and nothing else
suspends. play-coroutines.ts interprets the same ops on wasmloop, once with
generator coroutines and once with async functions; the three must agree
line for line.
"""

import asyncio
import traceback

from asyncio import events

import driver
from driver import Player, ScenarioError, dumps, fmt_time, num, token


def co_token(e):
    """token() plus what only coroutines meet; the reprs in rule 88's messages are each language's own."""
    if isinstance(e, BaseExceptionGroup):
        return "ExceptionGroup[" + ", ".join(co_token(x) for x in e.exceptions) + "]"
    text = token(e)
    if text.startswith("RuntimeError: Task cannot await on itself"):
        return "RuntimeError: Task cannot await on itself"
    if text.startswith("RuntimeError: Task ") and text.endswith("attached to a different loop"):
        return "RuntimeError: Task got Future attached to a different loop"
    return text


def val(v):
    """A result as JSON: exceptions (gather's returned ones) as tokens."""
    if isinstance(v, BaseException):
        return co_token(v)
    if isinstance(v, (list, tuple)):
        return [val(x) for x in v]
    return v


class CoroutinePlayer(Player):
    def __init__(self):
        super().__init__()
        self.prims = {}
        self.flags = {}
        self.timeouts = []
        self.groups = []
        self.caught = []

    # -- coroutines

    def coro(self, body):
        return self.main(body)

    async def main(self, body):
        returned, value = await self.run_body(body)
        return value if returned else None

    async def run_body(self, ops):
        for op in ops:
            if op[0] == "return":
                return True, op[1] if len(op) > 1 else None
            outcome = await self.co_op(op)
            if outcome is not None and outcome[0]:
                return outcome
        return False, None

    def target(self, item):
        """A future's name, or a body (a list of ops) as a new coroutine."""
        return self.futures[item] if isinstance(item, str) else self.coro(item)

    def name_list(self, futs):
        return sorted(self.name_of(f) for f in futs)

    async def co_op(self, op):
        name = op[0]
        loop = self.loop
        if name == "sleep":
            if len(op) > 2:
                result = await asyncio.sleep(num(op[1]), op[2])
                self.log(f"sleep -> {dumps(result)}")
            else:
                await asyncio.sleep(num(op[1]))
        elif name == "await":
            result = await self.futures[op[1]]
            self.log(f"await {op[1]} -> {dumps(val(result))}")
        elif name == "try":
            body = op[1]
            handler = op[2] if len(op) > 2 else None
            final = op[3] if len(op) > 3 else None
            try:
                return await self.run_body(body)
            except (Exception, asyncio.CancelledError) as e:
                self.log(f"caught {co_token(e)}")
                if handler is None:
                    raise
                self.caught.append(e)
                try:
                    return await self.run_body(handler)
                finally:
                    self.caught.pop()
            finally:
                if final is not None:
                    await self.run_body(final)
        elif name == "reraise":
            raise self.caught[-1]
        elif name == "gather":
            items, return_exceptions = op[1], len(op) > 2 and op[2]
            result = await asyncio.gather(*[self.target(i) for i in items], return_exceptions=return_exceptions)
            self.log(f"gather -> {dumps(val(result))}")
        elif name == "wait_for":
            result = await asyncio.wait_for(self.target(op[1]), None if op[2] is None else num(op[2]))
            self.log(f"wait_for -> {dumps(val(result))}")
        elif name == "wait":
            timeout = None if op[2] is None else num(op[2])
            done, pending = await asyncio.wait([self.futures[n] for n in op[1]], timeout=timeout, return_when=op[3])
            self.log(f"wait -> done={dumps(self.name_list(done))} pending={dumps(self.name_list(pending))}")
        elif name == "as_completed":
            timeout = None if op[2] is None else num(op[2])
            for next_one in asyncio.as_completed([self.futures[n] for n in op[1]], timeout=timeout):
                try:
                    result = await next_one
                    self.log(f"as_completed -> {dumps(val(result))}")
                except (Exception, asyncio.CancelledError) as e:
                    self.log(f"as_completed -> error: {co_token(e)}")
        elif name == "shield":
            result = await asyncio.shield(self.target(op[1]))
            self.log(f"shield -> {dumps(val(result))}")
        elif name in ("timeout", "timeout_at"):
            when = None if op[1] is None else num(op[1])
            cm = asyncio.timeout(when) if name == "timeout" else asyncio.timeout_at(when)
            async with cm:
                self.timeouts.append(cm)
                try:
                    return await self.run_body(op[2])
                finally:
                    self.timeouts.pop()
        elif name == "task_group":
            async with asyncio.TaskGroup() as tg:
                self.groups.append(tg)
                try:
                    return await self.run_body(op[1])
                finally:
                    self.groups.pop()
        elif name == "acquire":
            await self.prims[op[1]].acquire()
        elif name == "event_wait":
            await self.prims[op[1]].wait()
        elif name == "cond_wait":
            await self.prims[op[1]].wait()
        elif name == "cond_wait_for":
            flag = op[2]
            result = await self.prims[op[1]].wait_for(lambda: self.flags.get(flag))
            self.log(f"cond_wait_for -> {dumps(result)}")
        elif name == "barrier_wait":
            index = await self.prims[op[1]].wait()
            self.log(f"barrier_wait {op[1]} -> {index}")
        elif name == "barrier_reset":
            await self.prims[op[1]].reset()
        elif name == "barrier_abort":
            await self.prims[op[1]].abort()
        elif name == "put":
            await self.prims[op[1]].put(op[2])
        elif name == "get":
            item = await self.prims[op[1]].get()
            self.log(f"get {op[1]} -> {dumps(item)}")
        elif name == "join":
            await self.prims[op[1]].join()
        else:
            # Everything else is an op that does not wait, as in a callback.
            self.run_op(op, top=False)
        return None

    # -- ops that do not wait (also usable from callbacks)

    def op(self, op, top):
        name, args = op[0], op[1:]
        loop = self.loop
        if name == "run_co":
            self.run("run_until_complete main", lambda: loop.run_until_complete(self.coro(args[0])), top)
        elif name == "log":
            self.log(f"{args[0]} @{fmt_time(loop.time())}")
        elif name == "create_task":
            self.futures[args[0]] = loop.create_task(self.coro(args[1]), name=args[0])
        elif name == "gather_future":
            items, return_exceptions = args[1], len(args) > 2 and args[2]
            self.futures[args[0]] = asyncio.gather(*[self.target(i) for i in items], return_exceptions=return_exceptions)
        elif name == "shield_future":
            self.futures[args[0]] = asyncio.shield(self.target(args[1]))
        elif name == "cancel_task":
            task = self.futures[args[0]]
            ok = task.cancel(args[1]) if len(args) > 1 else task.cancel()
            self.log(f"cancel {args[0]} = {str(ok).lower()}")
        elif name == "cancelling":
            self.log(f"cancelling {args[0]} = {self.futures[args[0]].cancelling()}")
        elif name == "uncancel":
            self.log(f"uncancel {args[0]} = {self.futures[args[0]].uncancel()}")
        elif name == "current_task":
            task = asyncio.current_task(loop)
            self.log(f"current_task = {'none' if task is None else self.name_of(task)}")
        elif name == "this_task":
            self.futures[args[0]] = asyncio.current_task(loop)
        elif name == "task_name":
            self.log(f"task_name {args[0]} = {self.futures[args[0]].get_name()}")
        elif name == "cm_reschedule":
            self.timeouts[-1].reschedule(None if args[0] is None else loop.time() + num(args[0]))
        elif name == "cm_expired":
            self.log(f"expired = {str(self.timeouts[-1].expired()).lower()}")
        elif name == "tg_create":
            self.futures[args[0]] = self.groups[-1].create_task(self.coro(args[1]), name=args[0])
        elif name == "lock":
            self.prims[args[0]] = asyncio.Lock()
        elif name == "event":
            self.prims[args[0]] = asyncio.Event()
        elif name == "semaphore":
            cls = asyncio.BoundedSemaphore if len(args) > 2 and args[2] else asyncio.Semaphore
            self.prims[args[0]] = cls(args[1])
        elif name == "condition":
            self.prims[args[0]] = asyncio.Condition(self.prims[args[1]] if len(args) > 1 else None)
        elif name == "barrier":
            self.prims[args[0]] = asyncio.Barrier(args[1])
        elif name == "queue":
            kind = args[2] if len(args) > 2 else "fifo"
            cls = {"fifo": asyncio.Queue, "lifo": asyncio.LifoQueue, "priority": asyncio.PriorityQueue}[kind]
            self.prims[args[0]] = cls(args[1])
        elif name == "release":
            self.prims[args[0]].release()
        elif name == "locked":
            self.log(f"locked {args[0]} = {str(self.prims[args[0]].locked()).lower()}")
        elif name == "event_set":
            self.prims[args[0]].set()
        elif name == "event_clear":
            self.prims[args[0]].clear()
        elif name == "notify":
            self.prims[args[0]].notify(args[1] if len(args) > 1 else 1)
        elif name == "notify_all":
            self.prims[args[0]].notify_all()
        elif name == "set_flag":
            self.flags[args[0]] = args[1]
        elif name == "put_nowait":
            self.prims[args[0]].put_nowait(args[1])
        elif name == "get_nowait":
            self.log(f"get_nowait {args[0]} -> {dumps(self.prims[args[0]].get_nowait())}")
        elif name == "task_done":
            self.prims[args[0]].task_done()
        elif name == "qsize":
            self.log(f"qsize {args[0]} = {self.prims[args[0]].qsize()}")
        elif name == "n_waiting":
            self.log(f"n_waiting {args[0]} = {self.prims[args[0]].n_waiting}")
        else:
            super().op(op, top)


def play(scenario):
    player = CoroutinePlayer()
    capture = driver._LogCapture(player)
    logger = driver.logging.getLogger("asyncio")
    saved = logger.propagate
    logger.addHandler(capture)
    logger.propagate = False
    try:
        player.run_ops(scenario["steps"], top=True)
    except Exception:
        player.log("driver crash: " + traceback.format_exc().replace("\n", " | "))
    finally:
        events._set_running_loop(None)
        for fut in player.futures.values():
            fut._log_traceback = False
            fut._log_destroy_pending = False
        # A task left pending would complain when collected, in some later scenario.
        # (asyncio.all_tasks, not a private registry: 3.12 renamed the latter.)
        for lp in (player.loop, player.other):
            if lp is not None:
                for task in asyncio.all_tasks(lp):
                    task._log_destroy_pending = False
        player.finish()
        logger.removeHandler(capture)
        logger.propagate = saved
    return player.trace


if __name__ == "__main__":
    driver.main(play)
