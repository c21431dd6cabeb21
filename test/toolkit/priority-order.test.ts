/**
 * PriorityQueue gives items of equal priority in the order CPython's heapq
 * does: the same random puts and gets are played on wasmloop and on Python's
 * heapq (items compared on their priority only, so ties show), and the
 * items taken must match one for one.
 */
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { PriorityQueue } from "../../host/index.js";

type Item = [priority: number, id: number];

const HEAPQ = `
import heapq, json, sys
class Item:
    def __init__(self, priority, id): self.priority, self.id = priority, id
    def __lt__(self, other): return self.priority < other.priority
heap, taken = [], []
for op in json.load(sys.stdin):
    if op is None: taken.append(heapq.heappop(heap).id)
    else: heapq.heappush(heap, Item(*op))
print(json.dumps(taken))
`;

/** A fixed pseudo-random sequence: puts of few distinct priorities (many ties), gets now and then. */
function operations(count: number): Array<Item | null> {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ops: Array<Item | null> = [];
  let size = 0;
  for (let id = 0; id < count; id++) {
    if (size > 0 && next() < 0.4) {
      ops.push(null);
      size--;
    } else {
      ops.push([Math.floor(next() * 5), id]);
      size++;
    }
  }
  for (; size > 0; size--) ops.push(null);
  return ops;
}

it("PriorityQueue: ties come out as heapq's heappush/heappop give them", () => {
  const ops = operations(3000);
  const child = spawnSync("python3", ["-c", HEAPQ], { input: JSON.stringify(ops), encoding: "utf8" });
  if (child.error) throw child.error;
  expect(child.status, child.stderr).toBe(0);
  const expected = JSON.parse(child.stdout) as number[];

  const q = new PriorityQueue<Item>(0, (a, b) => a[0] < b[0]);
  const taken: number[] = [];
  for (const op of ops) {
    if (op === null) taken.push(q.getNowait()[1]);
    else q.putNowait(op);
  }
  expect(taken).toEqual(expected);
});
