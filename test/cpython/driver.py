"""The oracle for the differential test: plays scenarios on CPython's own asyncio.

Reads a JSON array of scenarios (see scenarios.ts for the format) on stdin and
prints {scenarioName: [trace lines]} on stdout. play.ts interprets the same
ops on wasmloop; the two interpreters must stay line-for-line parallel, so any
change to the trace vocabulary here needs the same change there.

Everything that decides *what runs when* is CPython's unmodified
BaseEventLoop (run_forever, run_until_complete, _run_once, call_at, Future).
The driver only supplies what a test loop must supply (a clock and a selector,
as test_asyncio.utils.TestLoop does) plus one deliberate patch, the timer
tie-break (see _FifoTimerHandle).
"""

import asyncio
import itertools
import json
import logging
import math
import re
import sys
import traceback
import warnings
from asyncio import base_events, events

# The scenarios run with a virtual clock that never sleeps; a wait that no
# timer can end would hang a real loop, so both sides turn it into an error.
WAIT_FOREVER = "would wait forever"


class WouldWaitForever(Exception):
    pass


class ScenarioError(Exception):
    """What a scenario's ["raise", msg] throws; play.ts has the twin class."""


# The never-awaited coroutines of schedule_coroutine_function are the point
# of that op (rule 58), not a problem to report on stderr.
warnings.filterwarnings("ignore", message="coroutine .* was never awaited", category=RuntimeWarning)

_timer_seq = itertools.count()


class _FifoTimerHandle(events.TimerHandle):
    """THE ONE DELIBERATE DIFFERENCE from stock CPython.

    CPython orders timers by `when` only, so equal deadlines pop in heapq
    order, which is not insertion order and is documented as undefined
    (rule 24). wasmloop fires equal deadlines FIFO (J4). Breaking ties by a
    global creation number makes CPython's heap pop (when, creation order),
    which is exactly wasmloop's contract, and leaves every other decision to
    CPython.
    """

    __slots__ = ("_seq",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._seq = next(_timer_seq)

    def __lt__(self, other):
        if isinstance(other, events.TimerHandle):
            return (self._when, self._seq) < (other._when, other._seq)
        return NotImplemented


# call_at looks the class up as `events.TimerHandle` at call time.
events.TimerHandle = _FifoTimerHandle


class VirtualSelector:
    """The clock model shared with wasmloop's VirtualClock (J8).

    select() is the only place a real loop blocks, so it is the only place
    virtual time moves by itself: a wait ends at the head timer's deadline
    exactly (no float drift from now + timeout), or after a capped poll.
    """

    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout):
        loop = self._loop
        if timeout is None:
            raise WouldWaitForever(WAIT_FOREVER)
        if timeout == 0:
            return []
        # A positive timeout means nothing is ready and the heap is not empty;
        # _run_once has already dropped cancelled timers from its head.
        when = loop._scheduled[0]._when
        if when == math.inf:
            raise WouldWaitForever(WAIT_FOREVER)
        if when - loop._time <= base_events.MAXIMUM_SELECT_TIMEOUT:
            loop._time = max(loop._time, when)
        else:
            loop._time += timeout
        return []


class VirtualLoop(base_events.BaseEventLoop):
    def __init__(self):
        super().__init__()
        self._time = 0.0
        self._clock_resolution = 1e-9
        self._selector = VirtualSelector(self)
        # Counts iterations so a caller can tell an error raised before the
        # loop started (thrown, in wasmloop) from one raised during the run
        # (a rejected promise, in wasmloop; J11).
        self.iterations = 0

    def time(self):
        return self._time

    def _run_once(self):
        self.iterations += 1
        super()._run_once()

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


# ---------------------------------------------------------------- formatting
# Everything below must match play.ts exactly.


def fmt_time(t):
    if t == math.inf:
        return "inf"
    if t == -math.inf:
        return "-inf"
    return f"{t:.9f}"


def fmt_exact(x):
    """17 significant digits identify a double; the exponent is normalised
    because Python writes e-01 where JavaScript writes e-1."""
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    mantissa, exp = f"{x:.16e}".split("e")
    return f"{mantissa}e{int(exp)}"


def dumps(v):
    return json.dumps(v, separators=(",", ":"))


def num(v):
    """Scenario numbers: JSON cannot spell infinity."""
    if v == "inf":
        return math.inf
    if v == "-inf":
        return -math.inf
    return v


def token(e):
    """An error as both languages can spell it (see play.ts errorToken)."""
    if isinstance(e, WouldWaitForever):
        return WAIT_FOREVER
    if isinstance(e, ScenarioError):
        return f"raised: {e}"
    if isinstance(e, asyncio.CancelledError):
        msg = str(e)
        return f"CancelledError: {msg}" if msg else "CancelledError"
    if isinstance(e, asyncio.InvalidStateError):
        # The C and pure-Python Futures word these differently (rules 69, 71).
        return "InvalidStateError"
    if type(e) is TypeError:
        # Messages name Python methods (call_at()) or reprs; the class is the fact.
        return "TypeError"
    if type(e) is RuntimeError:
        return f"RuntimeError: {e}"
    return f"{type(e).__name__}: {e}"


def norm_message(msg):
    """First line only; callback reprs are language-specific."""
    first = str(msg).split("\n", 1)[0]
    slow = re.search(r"took (\d+\.\d+) seconds", first)
    if first.startswith("Executing ") and slow:
        return f"slow callback took {slow.group(1)} seconds"
    if first.startswith("Exception in callback "):
        return "Exception in callback ..."
    return first


def describe(op):
    return " ".join([op[0]] + [a for a in op[1:] if isinstance(a, str)])


# ---------------------------------------------------------------- the player


class _LogCapture(logging.Handler):
    def __init__(self, player):
        super().__init__(logging.DEBUG)
        self._player = player

    def emit(self, record):
        if record.levelno >= logging.ERROR:
            level = "error"
        elif record.levelno >= logging.WARNING:
            level = "warning"
        else:
            return
        self._player.log(f"log {level}: {norm_message(record.getMessage())}")


class Player:
    def __init__(self):
        self.loop = VirtualLoop()
        self.other = None
        self.trace = []
        self.handles = {}
        self.fns = {}
        self.futures = {}
        self.handler = None

    def log(self, line):
        self.trace.append(line)

    def other_loop(self):
        if self.other is None:
            self.other = VirtualLoop()
        return self.other

    def label_of(self, handle):
        for label, h in self.handles.items():
            if h is handle:
                return label
        return "?"

    def name_of(self, fut):
        for name, f in self.futures.items():
            if f is fut:
                return name
        return "?"

    # -- callbacks

    def make_callback(self, label, ops):
        def callback(*args):
            line = f"{label} @{fmt_time(self.loop.time())}"
            if args:
                line += f" args={dumps(list(args))}"
            self.log(line)
            self.run_ops(ops, top=False)

        return callback

    def done_callback(self, label, ops):
        if label not in self.fns:
            def callback(fut):
                self.log(f"{label}({self.name_of(fut)}) @{fmt_time(self.loop.time())}")
                self.run_ops(ops, top=False)

            self.fns[label] = callback
        return self.fns[label]

    def make_handler(self, ops):
        def handler(loop, context):
            parts = []
            if "message" in context:
                parts.append(f"message={norm_message(context['message'])}")
            if "exception" in context:
                parts.append(f"exception={token(context['exception'])}")
            if "handle" in context:
                parts.append(f"handle={self.label_of(context['handle'])}")
            if "future" in context:
                parts.append(f"future={self.name_of(context['future'])}")
            # Only its presence: the stack itself is each language's own.
            if "source_traceback" in context:
                parts.append("source_traceback")
            if loop is not self.loop:
                parts.append("wrong-loop")
            self.log("handler:" + "".join(" " + p for p in parts))
            self.run_ops(ops, top=False)

        return handler

    # -- ops

    def run_ops(self, ops, top):
        for op in ops:
            self.run_op(op, top)

    def run_op(self, op, top):
        name = op[0]
        if not top and name in ("raise", "raise_cancelled"):
            self.op(op, top)
            return
        if not top and name == "uncaught":
            self.op(op[1], top)
            return
        try:
            self.op(op, top)
        except Exception as e:
            self.log(f"{describe(op)} -> error: {token(e)}")
        except asyncio.CancelledError as e:
            self.log(f"{describe(op)} -> error: {token(e)}")

    def run(self, what, call, top):
        """Top level: a run whose outcome is logged, split as wasmloop splits
        it into a synchronous throw and a rejected promise (J11)."""
        if not top:
            call()
            self.log(f"{what} -> ok")
            return
        self.log(f">> {what}")
        before = self.loop.iterations
        try:
            result = call()
        except (Exception, asyncio.CancelledError) as e:
            how = "rejected" if self.loop.iterations != before else "error"
            self.log(f"<< {what}: {how}: {token(e)}")
            return
        # run_forever has no result; run_until_complete always has one.
        self.log(f"<< {what}: ok" if what == "run_forever" else f"<< {what}: ok {dumps(result)}")

    def op(self, op, top):
        loop = self.loop
        name, args = op[0], op[1:]
        if name == "soon":
            label, ops, cbargs = args[0], args[1] if len(args) > 1 else [], args[2] if len(args) > 2 else []
            self.handles[label] = loop.call_soon(self.make_callback(label, ops), *cbargs)
        elif name == "soon_threadsafe":
            label, ops = args[0], args[1] if len(args) > 1 else []
            self.handles[label] = loop.call_soon_threadsafe(self.make_callback(label, ops))
        elif name == "later":
            delay, label, ops = num(args[0]), args[1], args[2] if len(args) > 2 else []
            self.handles[label] = loop.call_later(delay, self.make_callback(label, ops))
        elif name == "at":
            when, label, ops = num(args[0]), args[1], args[2] if len(args) > 2 else []
            self.handles[label] = loop.call_at(when, self.make_callback(label, ops))
        elif name == "schedule_value":
            method, value = args
            if method == "soon":
                loop.call_soon(value)
            elif method == "later":
                loop.call_later(1, value)
            elif method == "at":
                loop.call_at(1, value)
            else:
                loop.call_soon_threadsafe(value)
        elif name == "schedule_coroutine_function":
            # Called without debug mode, it only makes a coroutine object that
            # nobody awaits; its body never runs, so it logs nothing.
            async def coroutine_function():
                pass

            method = args[0]
            if method == "soon":
                loop.call_soon(coroutine_function)
            elif method == "later":
                loop.call_later(1, coroutine_function)
            elif method == "at":
                loop.call_at(1, coroutine_function)
            else:
                loop.call_soon_threadsafe(coroutine_function)
        elif name == "cancel":
            self.handles[args[0]].cancel()
        elif name == "cancelled":
            self.log(f"cancelled {args[0]} = {str(self.handles[args[0]].cancelled()).lower()}")
        elif name == "when":
            self.log(f"when {args[0]} = {fmt_exact(self.handles[args[0]].when())}")
        elif name == "stop":
            loop.stop()
        elif name == "close":
            loop.close()
        elif name == "advance":
            loop._time += args[0]
        elif name == "time":
            self.log(f"time = {fmt_time(loop.time())}")
        elif name == "time_exact":
            self.log(f"time = {fmt_exact(loop.time())}")
        elif name == "is_running":
            self.log(f"is_running = {str(loop.is_running()).lower()}")
        elif name == "is_closed":
            self.log(f"is_closed = {str(loop.is_closed()).lower()}")
        elif name == "mark":
            self.log(f"-- {args[0]}")
        elif name == "run_forever":
            self.run("run_forever", loop.run_forever, top)
        elif name == "run_until_complete":
            fut = self.futures[args[0]]
            self.run(f"run_until_complete {args[0]}", lambda: loop.run_until_complete(fut), top)
        elif name == "run_until_complete_value":
            self.run("run_until_complete_value", lambda: loop.run_until_complete(args[0]), top)
        elif name == "other_run_forever":
            self.other_loop().run_forever()
            self.log("other_run_forever -> ok")
        elif name == "other_run_until_complete":
            self.other_loop().run_until_complete(self.futures[args[0]])
            self.log(f"other_run_until_complete {args[0]} -> ok")
        elif name == "other_close":
            self.other_loop().close()
        elif name == "future":
            self.futures[args[0]] = loop.create_future()
        elif name == "future_other":
            self.futures[args[0]] = self.other_loop().create_future()
        elif name == "set_result":
            self.futures[args[0]].set_result(args[1])
        elif name == "set_exception":
            self.futures[args[0]].set_exception(ScenarioError(args[1]))
        elif name == "cancel_future":
            fut = self.futures[args[0]]
            ok = fut.cancel(args[1]) if len(args) > 1 else fut.cancel()
            self.log(f"cancel_future {args[0]} = {str(ok).lower()}")
        elif name == "state":
            fut = self.futures[args[0]]
            state = "CANCELLED" if fut.cancelled() else "FINISHED" if fut.done() else "PENDING"
            self.log(f"state {args[0]} = {state}")
        elif name == "result":
            self.log(f"result {args[0]} = {dumps(self.futures[args[0]].result())}")
        elif name == "exception":
            exc = self.futures[args[0]].exception()
            self.log(f"exception {args[0]} = {'none' if exc is None else token(exc)}")
        elif name == "add_done_callback":
            ops = args[2] if len(args) > 2 else []
            self.futures[args[0]].add_done_callback(self.done_callback(args[1], ops))
        elif name == "remove_done_callback":
            n = self.futures[args[0]].remove_done_callback(self.done_callback(args[1], []))
            self.log(f"remove_done_callback {args[0]} {args[1]} = {n}")
        elif name == "uncaught":
            self.op(args[0], top)
        elif name == "raise":
            raise ScenarioError(args[0])
        elif name == "raise_cancelled":
            raise asyncio.CancelledError(*args)
        elif name == "set_handler":
            self.handler = None if args[0] is None else self.make_handler(args[0])
            loop.set_exception_handler(self.handler)
        elif name == "set_handler_value":
            loop.set_exception_handler(args[0])
        elif name == "get_handler":
            h = loop.get_exception_handler()
            self.log(f"get_handler = {'none' if h is None else 'custom' if h is self.handler else 'other'}")
        elif name == "call_exception_handler":
            loop.call_exception_handler(self.context(args[0]))
        elif name == "default_exception_handler":
            loop.default_exception_handler(self.context(args[0]))
        elif name == "set_debug":
            loop.set_debug(args[0])
        elif name == "get_debug":
            self.log(f"get_debug = {str(loop.get_debug()).lower()}")
        elif name == "slow_callback_duration":
            loop.slow_callback_duration = args[0]
        else:
            raise KeyError(f"unknown op {name!r}")

    def context(self, spec):
        ctx = {}
        if "message" in spec:
            ctx["message"] = spec["message"]
        if "exception" in spec:
            ctx["exception"] = ScenarioError(spec["exception"])
        if "future" in spec:
            ctx["future"] = self.futures[spec["future"]]
        return ctx

    def finish(self):
        # Unretrieved future exceptions would reach the handler from the
        # garbage collector at an unpredictable moment; silence them first.
        for fut in self.futures.values():
            fut._log_traceback = False
        for lp in (self.loop, self.other):
            if lp is not None and not lp.is_running():
                lp.set_exception_handler(None)
                lp.close()


def play(scenario):
    player = Player()
    capture = _LogCapture(player)
    logger = logging.getLogger("asyncio")
    saved = logger.propagate
    logger.addHandler(capture)
    logger.propagate = False
    try:
        player.run_ops(scenario["steps"], top=True)
    except Exception:
        player.log("driver crash: " + traceback.format_exc().replace("\n", " | "))
    finally:
        events._set_running_loop(None)
        player.finish()
        logger.removeHandler(capture)
        logger.propagate = saved
    return player.trace


def main(play_scenario=None):
    """Reads scenarios on stdin, prints {name: trace}; coroutine_driver.py passes its own player."""
    play_scenario = play_scenario or play
    scenarios = json.load(sys.stdin)
    out = {}
    for scenario in scenarios:
        if scenario["name"] in out:
            raise SystemExit(f"duplicate scenario name {scenario['name']!r}")
        out[scenario["name"]] = play_scenario(scenario)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
