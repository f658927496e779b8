/* eslint-disable @typescript-eslint/no-require-imports -- lazy loading, as lib/providers/lazy-export.ts */
import type * as JsYaml from "js-yaml";

let loaded: typeof JsYaml | undefined;
let rules: JsYaml.ScalarStyleRule[] | undefined;

export interface Yaml11Options {
  /**
   * Indent a sequence under its mapping key (`key:\n  - a`); without, `key:\n- a`.
   * @default true
   */
  readonly indentSequences?: boolean;
  /**
   * Fold plain and quoted strings longer than this; literal blocks are never folded.
   * @default -1 (never fold)
   */
  readonly lineWidth?: number;
  /**
   * A top-level key whose sequence items are themselves sequences: each one whose items are
   * all one-line strings is written in flow style, `[systemctl, enable, --now, web.service]`.
   * @default none
   */
  readonly flowItemsOf?: string;
}

/**
 * YAML for the programs that read it with PyYAML (cloud-init, Ansible, Salt), which implements
 * YAML 1.1. There `yes`, `on`, `12:30`, `1_000` and `2001-12-14` are not strings, and a bare `=`
 * or `<<` fails the whole document (cloud-init then ignores the user data); YAML 1.2 writers
 * leave all of these plain. js-yaml's YAML 1.1 schema quotes them. Multi-line strings are
 * literal blocks, tabs included; a string that needs quotes is single-quoted when it has `"` or
 * `\` and no `'`, so that shell commands read as written, and double-quoted otherwise.
 * js-yaml is one module, loaded on first use.
 */
export function yaml11Text(value: unknown, options: Yaml11Options = {}): string {
  const yaml = (loaded ??= require("js-yaml") as typeof JsYaml);
  const flowKey = options.flowItemsOf;
  return yaml.dump(value, {
    schema: yaml.YAML11_SCHEMA,
    noRefs: true,
    quoteStyle: "double",
    flowBracketPadding: true,
    seqNoIndent: options.indentSequences === false,
    lineWidth: options.lineWidth ?? -1,
    scalarStyleRules: (rules ??= scalarStyleRules(yaml)),
    ...(flowKey === undefined ? {} : { transform: (documents) => documents.forEach((d) => flowOneLineItems(yaml, d.contents, flowKey)) }),
  });
}

/** js-yaml's default rules, with tabs allowed in literal blocks and single quotes preferred over escaped double quotes. */
function scalarStyleRules(yaml: typeof JsYaml): JsYaml.ScalarStyleRule[] {
  const { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED } = yaml.SCALAR_STYLE;
  const defaults = yaml.DEFAULT_SCALAR_STYLE_RULES;
  // js-yaml's doubleQuoteForInvisibles, except that a multi-line string with tabs stays a literal block.
  const quoteInvisibles: JsYaml.ScalarStyleRule = (layout) => {
    const value = layout.node.value;
    if (layout.style === PLAIN && /[\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF]|^[^\n]*\t[^\n]*$/.test(value)) layout.style = DOUBLE_QUOTED;
  };
  const singleOverEscapes: JsYaml.ScalarStyleRule = (layout) => {
    const value = layout.node.value;
    const allowed = (layout.allowedStylesMask & (1 << SINGLE_QUOTED)) !== 0;
    if (layout.style === DOUBLE_QUOTED && allowed && /["\\]/.test(value) && !/['\n]/.test(value)) layout.style = SINGLE_QUOTED;
  };
  return [
    defaults.applyQuoteFlowKeysOption,
    quoteInvisibles,
    defaults.doubleQuoteWhitespaceOnly,
    defaults.applyForceQuotesOption,
    defaults.tryLongOrMultilineAsBlock,
    defaults.quoteInvalidPlain,
    defaults.fallbackToDoubleQuoted,
    singleOverEscapes,
  ];
}

function flowOneLineItems(yaml: typeof JsYaml, root: JsYaml.Node | null, key: string): void {
  if (root?.kind !== "mapping") return;
  const list = root.items.find((pair) => pair.key.kind === "scalar" && pair.key.value === key)?.value;
  if (list?.kind !== "sequence") return;
  for (const item of list.items) {
    if (item.kind === "sequence" && item.items.every((word) => word.kind === "scalar" && !word.value.includes("\n"))) {
      item.style = yaml.COLLECTION_STYLE.FLOW;
    }
  }
}
