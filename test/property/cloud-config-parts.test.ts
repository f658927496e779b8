/**
 * renderCloudInit writes the cloud-config as the concatenation of parts it renders once per
 * process (see cloud-init.ts). For plans whose files hold arbitrary text (leading spaces, blank
 * lines, quotes, `#`, `: `, no final newline, non-ASCII), the document must be exactly what the
 * `yaml` library writes for the whole, and parse back to the plan's files byte for byte.
 */
import fc from "fast-check";
import { Document, isScalar, isSeq, parse } from "yaml";
import { renderCloudInit } from "cdktf-docker-environments";
import type { HostFile, HostPlan } from "cdktf-docker-environments";
import { overlay2HostPlan } from "../support/host-plan-fixtures";

const NUM_RUNS = Number(process.env.NUM_RUNS ?? 200);

const line = fc.stringMatching(/^[ -~\u00e9\u2603\t]{0,40}$/);
const content = fc.array(line, { maxLength: 6 }).chain((lines) => fc.constantFrom(lines.join("\n"), `${lines.join("\n")}\n`, `${lines.join("\n")}\n\n`));
const fileArb = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
  content,
  mode: fc.constantFrom("0600", "0640", "0644", "0755"),
});

/** The library's rendering of the whole document, with the renderer's options and flow rule. */
function wholeDocument(value: unknown): string {
  const document = new Document(value, { aliasDuplicateObjects: false });
  for (const item of (document.get("runcmd") as { items: unknown[] }).items) {
    if (isSeq(item) && item.items.every((word) => isScalar(word) && !String(word.value).includes("\n"))) item.flow = true;
  }
  return document.toString({ lineWidth: 0, blockQuote: "literal", indentSeq: false });
}

test("the composed cloud-config is the library's rendering of the whole and reads back exactly", () => {
  fc.assert(
    fc.property(fc.uniqueArray(fileArb, { minLength: 1, maxLength: 5, selector: (f) => f.name }), (extra) => {
      const base = overlay2HostPlan();
      const files: HostFile[] = extra.map((f) => ({ path: `/etc/app/${f.name}.conf`, content: f.content, mode: f.mode, owner: "root", group: "root" }));
      const plan: HostPlan = { ...base, files: [...base.files, ...files] };
      const text = renderCloudInit(plan).cloudConfig;
      const body = text.slice(text.indexOf("\npackage_update:") + 1);
      const parsed = parse(body) as { write_files: { path: string; content: string }[] };
      expect(body).toBe(wholeDocument(parsed));
      for (const file of files) expect(parsed.write_files.find((w) => w.path === file.path)?.content).toBe(file.content);
    }),
    { numRuns: NUM_RUNS },
  );
});
