/**
 * GET /metrics: off by default, on the desk's port behind METRICS_TOKEN, Prometheus's text
 * format with the outbox, inbox and SLA figures.
 */
import { expect } from "vitest";
import { describeEachDb } from "../support/db.ts";
import { deskTest as it } from "../support/fixtures.ts";

const TOKEN = "metrics-token-for-tests-0123456789";

describeEachDb("metrics", (db) => {
  it.override({ db, worldOptions: { slack: false, env: { METRICS_TOKEN: TOKEN } } });
  const user = { id: 9601, first_name: "小周", language_code: "zh-hans" };

  it("answers only with the token, in Prometheus format, with what was sent", async ({ world }) => {
    const url = `http://127.0.0.1:${world.port}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-wrong-token-00" } })).status).toBe(401);
    await world.chat(user).say("你好");
    const r = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await r.text();
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m").exec(text)?.[1]);
    expect(value("desk_outbox_sent_total")).toBeGreaterThan(0);
    expect(value("desk_inbox_lag_seconds")).toBe(0);
    expect(value("desk_db_down")).toBe(0);
    for (const name of ["desk_outbox_rate_limited_total", "desk_outbox_retries_total", "desk_outbox_dead_total", "desk_outbox_backlog"])
      expect(text).toContain(`# TYPE ${name}`);
  });
});

describeEachDb("metrics off", (db) => {
  it.override({ db, worldOptions: { slack: false } });
  it("is not served without METRICS_TOKEN or METRICS_PORT", async ({ world }) => {
    expect((await fetch(`http://127.0.0.1:${world.port}/metrics`)).status).toBe(404);
  });
});
