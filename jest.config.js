/** Unit, snapshot and property tests: Node only, transpile-only (type-checking is `tsc --noEmit`). */
module.exports = {
  // Two workers on two cores: measured 16 s against 22 s with jest's default of one.
  maxWorkers: 2,
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/test/integration/"],
  transform: { "^.+\\.tsx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  moduleNameMapper: { "^cdktf-docker-environments$": "<rootDir>/lib/index.ts" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  workerIdleMemoryLimit: "800MB",
};
