/**
 * The specification is in the repository: every "rule N" and "JN" that the
 * code, the tests, the scripts and the benchmarks cite has its entry in
 * docs/semantics.md, and no tracked file points at a document outside the
 * repository, so a fresh clone can resolve every citation.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);
const SPEC = "docs/semantics.md";
/** Where citations live. */
const CITING = ["host", "assembly", "test", "scripts", "bench", "examples", "README.md"];

function tracked(paths: string[]): string[] {
  const output = execFileSync("git", ["ls-files", "-z", "--", ...paths], { cwd: ROOT, encoding: "utf8" });
  return output.split("\0").filter((path) => path !== "");
}

function read(path: string): string {
  return readFileSync(new URL(path, ROOT), "utf8");
}

interface Citation {
  file: string;
  line: number;
  kind: "rule" | "J" | "section";
  number: number;
}

/**
 * "rule 7", "rules 9, 11, 28", "rules 83-88", "rules 24 and 36", "J4", a
 * scenario's `rules: [78, 60]`, "section 11", "sections 1-10".
 */
function citationsIn(text: string, file: string): Citation[] {
  const found: Citation[] = [];
  const lines = text.split("\n");
  const numbers = (list: string): number[] =>
    list.split(/\s*(?:,|\band\b|\bor\b)\s*/).flatMap((part) => {
      const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(part.trim());
      if (range) {
        const [from, to] = [Number(range[1]), Number(range[2])];
        return Array.from({ length: to - from + 1 }, (_, index) => from + index);
      }
      return /^\d+$/.test(part.trim()) ? [Number(part.trim())] : [];
    });
  lines.forEach((content, index) => {
    const line = index + 1;
    for (const match of content.matchAll(/\b(rules?|sections?)\s+(\d+(?:\s*(?:[-–,]|\band\b|\bor\b)\s*\d+)*)/gi)) {
      const kind = match[1].toLowerCase().startsWith("rule") ? "rule" : "section";
      for (const number of numbers(match[2])) found.push({ file, line, kind, number });
    }
    for (const match of content.matchAll(/\brules:\s*\[([\d,\s]*)\]/g)) {
      for (const number of numbers(match[1])) found.push({ file, line, kind: "rule", number });
    }
    for (const match of content.matchAll(/\bJ(\d+)\b/g))
      found.push({ file, line, kind: "J", number: Number(match[1]) });
  });
  return found;
}

/** The entries of the specification: `**Rule N.**`, `**JN.**` and `## N.` section headings. */
function entries(spec: string): Record<Citation["kind"], number[]> {
  const all = (pattern: RegExp) => [...spec.matchAll(pattern)].map((match) => Number(match[1]));
  return {
    rule: all(/^\*\*Rule (\d+)\.\*\*/gm),
    J: all(/^\*\*J(\d+)\.\*\*/gm),
    section: all(/^## (\d+)\. /gm),
  };
}

describe(`citations resolve in ${SPEC}`, () => {
  const spec = read(SPEC);
  const documented = entries(spec);
  const citations = tracked(CITING)
    .filter((file) => /\.(ts|mts|mjs|cjs|js|py|md)$/.test(file) && file !== SPEC)
    .flatMap((file) => citationsIn(read(file), file));

  it("the citation scanner reads every form the code uses", () => {
    const sample =
      "rule 7; rules 9, 11, 28; rules 83-88; rules 24 and 36; rule 11 / J8; rules: [78, 60]; sections 1-10";
    const got = citationsIn(sample, "x").map((citation) => `${citation.kind}${citation.number}`);
    expect(got).toEqual([
      "rule7",
      "rule9",
      "rule11",
      "rule28",
      "rule83",
      "rule84",
      "rule85",
      "rule86",
      "rule87",
      "rule88",
      "rule24",
      "rule36",
      "rule11",
      "section1",
      "section2",
      "section3",
      "section4",
      "section5",
      "section6",
      "section7",
      "section8",
      "section9",
      "section10",
      "rule78",
      "rule60",
      "J8",
    ]);
  });

  it("each rule, decision and section has exactly one entry, numbered without gaps", () => {
    for (const kind of ["rule", "J", "section"] as const) {
      const numbers = documented[kind];
      expect(numbers.length, `${kind} entries`).toBeGreaterThan(0);
      expect(numbers, `${kind} entries in order, from 1, once each`).toEqual(numbers.map((_, index) => index + 1));
    }
  });

  it("the code cites rules, decisions and sections", () => {
    // A scanner that stopped matching would make the next test pass vacuously.
    expect(citations.filter((citation) => citation.kind === "rule").length).toBeGreaterThan(200);
    expect(citations.filter((citation) => citation.kind === "J").length).toBeGreaterThan(40);
    console.log(
      `${citations.length} citations checked in ${new Set(citations.map((citation) => citation.file)).size} files`,
    );
  });

  it("every cited rule, decision and section has its entry", () => {
    const unresolved = citations
      .filter((citation) => !documented[citation.kind].includes(citation.number))
      .map((citation) => `${citation.file}:${citation.line}: ${citation.kind} ${citation.number}`);
    expect(unresolved).toEqual([]);
  });
});

describe("no tracked file points outside the repository", () => {
  it("no build machine's directories and no shared documents", () => {
    const outside = /\/work\/|\.\.\/shared\b|asyncio-semantics\.md/;
    const offending = tracked(["."])
      .filter(
        (file) =>
          file !== "package-lock.json" && file !== "test/docs/citations.test.ts" && !/\.(wasm|png|jpg|gz)$/.test(file),
      )
      .flatMap((file) =>
        read(file)
          .split("\n")
          .map((content, index) => (outside.test(content) ? `${file}:${index + 1}: ${content.trim()}` : null))
          .filter((line): line is string => line !== null),
      );
    expect(offending).toEqual([]);
  });
});
