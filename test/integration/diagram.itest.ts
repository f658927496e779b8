import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { stackDiagrams } from "../../stacks/diagram";

const dotAvailable = spawnSync("dot", ["-V"]).status === 0;
if (!dotAvailable && process.env.CDKTFDE_ALLOW_SKIP !== "1") {
  throw new Error("Graphviz `dot` is not installed: run test/integration/install-deps.sh (or set CDKTFDE_ALLOW_SKIP=1)");
}
const maybe = dotAvailable ? describe : describe.skip;
const diagrams = stackDiagrams();

maybe("diagrams rendered by Graphviz", () => {
  test.each([...diagrams.keys()])("stack %s: dot -Tsvg renders every node, and the committed SVG is current", (name) => {
    const dot = diagrams.get(name) as string;
    const svg = execFileSync("dot", ["-Tsvg"], { input: dot, encoding: "utf8" });
    expect(svg).toMatch(/<svg[^>]+viewBox=/);
    expect(svg).toContain(`<title>${name}</title>`);
    // dot -Tsvg draws one <g class="node"> per node and one <g class="edge"> per edge.
    expect(svg.match(/<g id="node\d+" class="node">/g)?.length).toBe([...dot.matchAll(/^\s+n\d+ \[/gm)].length);
    expect(svg.match(/<g id="edge\d+" class="edge">/g)?.length ?? 0).toBe([...dot.matchAll(/^\s+n\d+ -> n\d+/gm)].length);
    // Graphviz's own warnings (bad HTML labels, unknown attributes) fail the test.
    const check = spawnSync("dot", ["-Tsvg", "-o", "/dev/null"], { input: dot, encoding: "utf8" });
    expect(check.stderr).toBe("");
    const committed = readFileSync(path.join(__dirname, "..", "..", "examples", "diagrams", `${name}.svg`), "utf8");
    expect(committed).toBe(svg); // regenerate with: npm run diagram -- --all
  });
});
