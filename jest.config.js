/** Unit, snapshot and property tests: Node only, transpile-only (type-checking is `tsc --noEmit`). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/test/integration/"],
  transform: { "^.+\\.tsx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  moduleNameMapper: { "^cdktf-docker-environments$": "<rootDir>/lib/index.ts" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  workerIdleMemoryLimit: "800MB",
};
