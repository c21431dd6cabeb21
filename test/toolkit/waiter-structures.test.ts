/**
 * Deque and WaiterQueue against plain-array models: random operation
 * sequences must give the same answers (wrap-around, growth, shrinking,
 * lazy removal, compaction and the cursors included).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EventLoop, type Future, VirtualClock } from "../../host/index.js";
import { Deque } from "../../host/toolkit/deque.js";
import { type WaiterEntry, WaiterQueue } from "../../host/toolkit/waiterqueue.js";

describe("Deque", () => {
  it("behaves as an array used from both ends", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("pushBack" as const), value: fc.integer() }),
      fc.record({ kind: fc.constant("pushFront" as const), value: fc.integer() }),
      fc.record({ kind: fc.constant("popFront" as const) }),
      fc.record({ kind: fc.constant("popBack" as const) }),
      fc.record({ kind: fc.constant("clear" as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const deque = new Deque<number>();
        const model: number[] = [];
        for (const each of ops) {
          if (each.kind === "pushBack") {
            deque.pushBack(each.value);
            model.push(each.value);
          } else if (each.kind === "pushFront") {
            deque.pushFront(each.value);
            model.unshift(each.value);
          } else if (each.kind === "popFront") expect(deque.popFront()).toBe(model.shift());
          else if (each.kind === "popBack") expect(deque.popBack()).toBe(model.pop());
          else {
            deque.clear();
            model.length = 0;
          }
          expect(deque.length).toBe(model.length);
          expect(deque.peekFront()).toBe(model[0]);
          expect(deque.peekBack()).toBe(model[model.length - 1]);
        }
        expect([...deque]).toEqual(model);
        expect(model.map((_, i) => deque.at(i))).toEqual(model);
        expect(deque.at(-1)).toBeUndefined();
        expect(deque.at(model.length)).toBeUndefined();
      }),
    );
  });

  it("drains a long backlog in order (growth and shrinking on the way)", () => {
    const deque = new Deque<number>();
    for (let i = 0; i < 10_000; i++) deque.pushBack(i);
    for (let i = 0; i < 10_000; i++) expect(deque.popFront()).toBe(i);
    expect(deque.popFront()).toBeUndefined();
  });
});

describe("WaiterQueue", () => {
  it("behaves as asyncio's deque of waiters: remove(), popleft(), the first not done, all cancelled", () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant("add" as const) }),
      fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("shift" as const) }),
      fc.record({ kind: fc.constant("wake" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("ask" as const) }),
    );
    const loop = new EventLoop({ clock: new VirtualClock(0) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const queue = new WaiterQueue<Future<void>>();
        const model: Future<void>[] = [];
        const entries: WaiterEntry<Future<void>>[] = [];
        const everyone: Future<void>[] = [];
        for (const each of ops) {
          if (each.kind === "add") {
            const future = loop.createFuture<void>();
            everyone.push(future);
            entries.push(queue.add(future));
            model.push(future);
          } else if (each.kind === "remove" && entries.length > 0) {
            // Removing twice, or after a shift, changes nothing.
            const entry = entries[each.pick % entries.length]!;
            queue.remove(entry);
            const index = model.indexOf(entry.future);
            if (index >= 0) model.splice(index, 1);
          } else if (each.kind === "shift") {
            expect(queue.shift()).toBe(model.shift());
          } else if ((each.kind === "wake" || each.kind === "cancel") && everyone.length > 0) {
            const future = everyone[each.pick % everyone.length]!;
            if (!future.done()) {
              if (each.kind === "wake") future.setResult(undefined);
              else future.cancel();
            }
          } else {
            expect(queue.firstPending()).toBe(model.find((future) => !future.done()));
            expect(queue.allCancelled()).toBe(model.every((future) => future.cancelled()));
          }
          expect(queue.size).toBe(model.length);
          expect(queue.first()).toBe(model[0]);
        }
        // By identity: toEqual would iterate the futures (they are iterable, for yield*).
        const listed = [...queue];
        expect(listed.length === model.length && listed.every((future, i) => future === model[i])).toBe(true);
      }),
    );
  });
});
