/** A stack of the app, as stacks/main.ts builds it: `new <className>(app, "<stackName>")`, imported from `./<module>`. */
export interface MainStack {
  readonly module: string;
  readonly className: string;
  readonly stackName: string;
}

/**
 * The stacks stacks/main.ts builds, read from its source, so stacks added there (minimal, web,
 * registry) are measured without changing the bench. Throws when a `new …(app, "…")` line names a
 * class that is not imported from a stacks module.
 */
export function mainStacks(source: string): MainStack[] {
  const imports = new Map<string, { module: string; exported: string }>();
  for (const match of source.matchAll(/import\s*\{([^}]+)\}\s*from\s*"\.\/([^"]+)"/g)) {
    for (const [exported, local = exported] of match[1].split(",").map((n) => n.trim().split(/\s+as\s+/))) imports.set(local, { module: match[2], exported });
  }
  return [...source.matchAll(/new\s+(\w+)\(\s*app\s*,\s*"([^"]+)"/g)].map(([, local, stackName]) => {
    const found = imports.get(local);
    if (found === undefined) throw new Error(`stacks/main.ts builds ${local} (stack "${stackName}") but the bench cannot find its import from ./<module>`);
    return { module: found.module, className: found.exported, stackName };
  });
}
