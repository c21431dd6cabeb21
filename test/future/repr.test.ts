/**
 * How futures and tasks describe themselves: asyncio's `_future_repr_info`
 * and `_task_repr_info`. Each expected string is CPython 3.13's output for
 * the same situation, with what JavaScript cannot show left out (J17): the
 * `at file:line` after callbacks and coroutines.
 */
import { describe, expect, it } from "vitest";
import { RuntimeError, sleep, type Task } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup } from "../loop/support.js";

function cb1(): void {}
function cb2(): void {}
function cb3(): void {}

describe.each(coreNames)("Future and Task descriptions (%s core)", (core) => {
  it("a future's callbacks: one, two, or the first, <N more> and the last", () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    // CPython: <Future pending cb=[cb1() at r.py:7]>, and so on.
    f.addDoneCallback(cb1);
    expect(String(f)).toBe("<Future pending cb=[cb1()]>");
    f.addDoneCallback(cb2);
    expect(String(f)).toBe("<Future pending cb=[cb1(), cb2()]>");
    f.addDoneCallback(cb3);
    f.addDoneCallback(cb3);
    expect(String(f)).toBe("<Future pending cb=[cb1(), <2 more>, cb3()]>");
    f.cancel();
    expect(String(f)).toBe("<Future cancelled>");
  });

  it("an exception made without a message prints as RuntimeError(), as reprlib.repr does", () => {
    const { loop } = setup(core);
    const empty = loop.createFuture();
    empty.setException(new RuntimeError());
    expect(String(empty)).toBe("<Future finished exception=RuntimeError()>");
    const given = loop.createFuture();
    given.setException(new RuntimeError("boom"));
    expect(String(given)).toBe("<Future finished exception=RuntimeError('boom')>");
    const none = loop.createFuture();
    none.setResult(null);
    expect(String(none)).toBe("<Future finished result=null>");
    for (const f of [empty, given]) f.exception();
  });

  it("a task: name, coro, wait_for, cancelling, then cancelled", async () => {
    const { loop } = setup(core);
    const f = loop.createFuture();
    f.addDoneCallback(cb1);
    const seen: string[] = [];
    let t: Task<void>;
    function* producer(): Generator<unknown, void, unknown> {
      seen.push(String(t));
      yield* f;
    }
    t = loop.createTask(producer, { name: "p" });
    // CPython: <Task pending name='p' coro=<producer() running at r.py:2>>
    expect(String(t)).toBe("<Task pending name='p' coro=<producer()>>");
    await loop.runUntilComplete(sleep(0));
    // Its own code describing it: the coroutine runs (asyncio's "running").
    expect(seen).toEqual(["<Task pending name='p' coro=<producer() running>>"]);
    // CPython: ... wait_for=<Future pending cb=[cb1() at r.py:7, Task.task_wakeup()]>>
    expect(String(t)).toMatch(
      /^<Task pending name='p' coro=<producer\(\)> wait_for=<Future pending cb=\[cb1\(\), \S+\(\)\]>>$/,
    );
    t.cancel();
    // CPython: <Task cancelling name='p' coro=<producer() running at r.py:3> wait_for=<Future cancelled>>
    expect(String(t)).toBe("<Task cancelling name='p' coro=<producer()> wait_for=<Future cancelled>>");
    await loop.runUntilComplete(sleep(0));
    // CPython: <Task cancelled name='p' coro=<producer() done, defined at r.py:2>>
    expect(String(t)).toBe("<Task cancelled name='p' coro=<producer()>>");
  });

  it("a task's outcome and callbacks, in asyncio's order", async () => {
    const { loop } = setup(core);
    async function boom(): Promise<never> {
      throw new RuntimeError();
    }
    async function ok(): Promise<string> {
      return "x";
    }
    const failed = loop.createTask(boom, { name: "b" });
    const done = loop.createTask(ok, { name: "o" });
    const watched = loop.createTask(ok, { name: "o4" });
    watched.addDoneCallback(cb1);
    // CPython: <Task pending name='o4' coro=<ok() running at r.py:6> cb=[cb1() at r.py:7]>
    expect(String(watched)).toBe("<Task pending name='o4' coro=<ok()> cb=[cb1()]>");
    await loop.runUntilComplete(sleep(0));
    // CPython: <Task finished name='b' coro=<boom() done, defined at r.py:4> exception=RuntimeError()>
    expect(String(failed)).toBe("<Task finished name='b' coro=<boom()> exception=RuntimeError()>");
    // CPython: <Task finished name='o' coro=<ok() done, defined at r.py:6> result='x'>
    expect(String(done)).toBe("<Task finished name='o' coro=<ok()> result='x'>");
    failed.exception();
  });

  it("a task made from a generator object: JavaScript cannot name its function", () => {
    const { loop } = setup(core);
    const t = loop.createTask((function* named() {})(), { name: "g" });
    expect(String(t)).toBe("<Task pending name='g' coro=<<generator object>()>>");
    t.cancel();
  });
});
