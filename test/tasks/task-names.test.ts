/**
 * A task's name as createTask() and new Task() take it: asyncio's
 * str(name), as setName() converts it; None (null or undefined) gives the
 * default Task-<n>.
 */
import { describe, expect, it } from "vitest";
import { Task } from "../../host/index.js";
import { coreNames } from "../helpers/cores.js";
import { setup, thrown } from "../loop/support.js";

function* nothing(): Generator<unknown, void, unknown> {}

describe.each(coreNames)("task names (%s core)", (core) => {
  it.each([
    ["a number", 987654321, "987654321"],
    ["a float", 1.5, "1.5"],
    ["a BigInt", 10n, "10"],
    ["a symbol", Symbol.for("s"), "Symbol(s)"],
    ["NaN", NaN, "NaN"],
    ["a boolean", false, "false"],
    ["an object with toString", { toString: () => "custom" }, "custom"],
  ])("createTask converts %s as setName does", async (_, name, expected) => {
    const { loop } = setup(core);
    const task = loop.createTask(nothing(), { name: name as never });
    expect(task.getName()).toBe(expected);
    expect(new Task(loop, nothing(), { name: name as never }).getName()).toBe(expected);
    const renamed = loop.createTask(nothing());
    renamed.setName(name as never);
    expect(renamed.getName()).toBe(expected);
    await loop.runUntilComplete(task);
  });

  it("null is asyncio's None: the default name", async () => {
    const { loop } = setup(core);
    const task = loop.createTask(nothing(), { name: null as never });
    expect(task.getName()).toMatch(/^Task-\d+$/);
    await loop.runUntilComplete(task);
  });

  it("a name String() cannot convert is refused, naming createTask() and the option", () => {
    const { loop } = setup(core);
    const trap = () => {
      throw new Error("a trap");
    };
    for (const name of [Object.create(null), { toString: trap }]) {
      const error = thrown(() => loop.createTask(nothing(), { name }));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(
        /^createTask\(\) expected options\.name to be convertible to a string, got /,
      );
    }
  });
});
