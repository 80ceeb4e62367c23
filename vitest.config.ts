import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Budgets, not assertions: on a loaded 2-core machine an end-to-end test (desk, database,
    // fakes) can take many times what it takes on an idle one. A hang still fails, later.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
