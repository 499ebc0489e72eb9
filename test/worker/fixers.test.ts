import { describe, expect, it } from "vitest";
import { fixMissingImports } from "../../src/agent/fixers";

const err = (file: string, name: string) => ({
  file,
  line: 3,
  column: 5,
  message: `Cannot find name '${name}'.`,
  code: "TS2304",
  source: "typescript" as const,
  severity: "error" as const,
});

describe("deterministic fixers", () => {
  it("imports a missing hook, a router component and the app's own component", () => {
    const files = {
      "src/pages/TodosPage.tsx":
        'import { useEffect } from "react";\nexport function TodosPage() {\n  const [x] = useState(0);\n  return <Card><Link to="/">{x}</Link></Card>;\n}\n',
      "src/components/ui/card.tsx": "export function Card() { return null; }\n",
    };
    const { files: out, fixed } = fixMissingImports(files, [
      err("src/pages/TodosPage.tsx", "useState"),
      err("src/pages/TodosPage.tsx", "Link"),
      err("src/pages/TodosPage.tsx", "Card"),
    ]);
    const page = out["src/pages/TodosPage.tsx"]!;
    expect(page).toContain('import { useEffect, useState } from "react";');
    expect(page).toContain('import { Link } from "react-router";');
    expect(page).toContain('import { Card } from "../components/ui/card";');
    expect(fixed).toHaveLength(3);
  });

  it("leaves names it cannot place, and files untouched by errors", () => {
    const files = { "src/App.tsx": "export function App() { return <Mystery />; }\n" };
    const { files: out, fixed } = fixMissingImports(files, [err("src/App.tsx", "Mystery")]);
    expect(out).toEqual(files);
    expect(fixed).toEqual([]);
  });
});
