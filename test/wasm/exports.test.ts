// The binding's hand-written list of the core's exports (CoreExports in
// host/core/binding.ts) against what the compiler emits: the declarations
// asc writes next to the core (build/core.d.ts) and the compiled module.
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { coreModule } from "../helpers/wasm.js";

const root = new URL("../../", import.meta.url);

/** An export: a function with its arity and whether it returns a value, or anything else (memory, globals). */
interface Shape {
  kind: "function" | "value";
  arity?: number;
  returns?: boolean;
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(new URL(path, root), "utf8"), ts.ScriptTarget.ES2022, true);
}

function returnsValue(type: ts.TypeNode | undefined): boolean {
  return type === undefined || type.kind !== ts.SyntaxKind.VoidKeyword;
}

/** The members of `interface CoreExports` in host/core/binding.ts. */
function bindingExports(): Map<string, Shape> {
  const source = parse("host/core/binding.ts");
  const found = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === "CoreExports",
  );
  if (found === undefined) throw new Error("host/core/binding.ts declares no interface CoreExports");
  const shapes = new Map<string, Shape>();
  for (const member of found.members) {
    const name = member.name!.getText(source);
    if (ts.isMethodSignature(member)) {
      shapes.set(name, { kind: "function", arity: member.parameters.length, returns: returnsValue(member.type) });
    } else {
      shapes.set(name, { kind: "value" });
    }
  }
  return shapes;
}

/** The exports build/core.d.ts declares (asc's bindings: a namespace of functions and constants). */
function declaredExports(): Map<string, Shape> {
  const source = parse("build/core.d.ts");
  const namespace = source.statements.find((statement): statement is ts.ModuleDeclaration =>
    ts.isModuleDeclaration(statement),
  );
  if (namespace === undefined || namespace.body === undefined || !ts.isModuleBlock(namespace.body)) {
    throw new Error("build/core.d.ts declares no namespace of exports");
  }
  const shapes = new Map<string, Shape>();
  for (const statement of namespace.body.statements) {
    if (ts.isFunctionDeclaration(statement)) {
      shapes.set(statement.name!.text, {
        kind: "function",
        arity: statement.parameters.length,
        returns: returnsValue(statement.type),
      });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        shapes.set(declaration.name.getText(source), { kind: "value" });
    }
  }
  return shapes;
}

describe("the core's exports", () => {
  it("CoreExports lists exactly what build/core.d.ts declares, with the same arities", () => {
    const binding = bindingExports();
    const declared = declaredExports();
    expect(declared.size).toBeGreaterThan(0);
    expect([...binding.keys()].sort()).toEqual([...declared.keys()].sort());
    for (const [name, shape] of declared) expect(binding.get(name), name).toEqual(shape);
  });

  it("the compiled module exports what build/core.d.ts declares", () => {
    const declared = declaredExports();
    const exported = WebAssembly.Module.exports(coreModule);
    expect(exported.map((entry) => entry.name).sort()).toEqual([...declared.keys()].sort());
    const instance = new WebAssembly.Instance(coreModule, {}).exports;
    for (const { name, kind } of exported) {
      const shape = declared.get(name)!;
      expect(kind === "function" ? "function" : "value", name).toBe(shape.kind);
      if (kind === "function")
        expect((instance[name] as (...args: number[]) => unknown).length, name).toBe(shape.arity);
    }
  });
});
