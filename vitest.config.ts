import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // one migrated PGlite data directory for every test file to copy
    globalSetup: ["test/support/global-setup.ts"],
    // Budgets, not assertions: on a loaded 2-core machine an end-to-end test (desk, database,
    // fakes) can take many times what it takes on an idle one (up to ~100 s seen at a load
    // average of 17, against 1–9 s idle). A hang still fails, later.
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: "forks",
    // both cores (vitest's default leaves one free): the database tests are CPU-bound
    maxWorkers: 2,
  },
});
