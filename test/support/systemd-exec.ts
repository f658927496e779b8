// Moved to lib/testing/systemd-exec.ts (shipped with the package for users' CI); kept here for the existing tests.
export * from "../../lib/testing/systemd-exec";
