// ESLint flat config: typescript-eslint's recommended rules, Prettier owns formatting.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

const providerRoots = ["@cdktf/provider-aws", "@cdktf/provider-docker"].map((name) => ({
  name,
  message: `Import a resource from ${name}/lib/<resource>: the package root loads every resource (~1.5 s, ~500 MB per process).`,
}));

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", "coverage/", "test/integration/.work/", "test/.readme-blocks/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { require: "readonly", module: "writable", process: "readonly", __dirname: "readonly", console: "readonly" } },
    rules: {
      "no-restricted-imports": ["error", { paths: providerRoots }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
