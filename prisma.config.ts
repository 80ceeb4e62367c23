// Prisma CLI configuration (Prisma 7). The desk itself never needs the CLI at run time:
// it applies prisma/migrations at start-up. With internet access, `npx prisma migrate deploy`
// works on the same migrations and the same bookkeeping table.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/desk" },
});
