/** Real-tool tests: a real Docker engine, systemd-analyze, and friends. Run with --runInBand. */
const base = require("./jest.config");
module.exports = {
  ...base,
  testMatch: ["**/test/integration/**/*.itest.ts"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 180000,
};
