/**
 * `desk faq eval`: the labelled-file parser, the figures in both modes (LLM mode against the
 * fake OpenAI server, so its figures only check the plumbing), and the CLI end to end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EvalFileError, formatFaqEval, parseLabeled, percentile, readLabeled, runFaqEval } from "../../bots/cli/eval.ts";
import { CliError, run } from "../../bots/cli/main.ts";
import { createAssistantFromConfig } from "../../bots/llm/openai.ts";
import { loadConfig } from "../../core/config.ts";
import { FaqService } from "../../core/faq.ts";
import { DEFAULT_CALIBRATION, KbIndex, evaluateKb, loadKbDir, type DecisionReason } from "../../core/kb/index.ts";
import { silentLogger } from "../../core/log.ts";
import { FakeOpenAiApi, defaultReply } from "../fakes/openai-api.ts";

/** The fake "model" picks the first entry it is given, in the entry's own words. */
const firstEntry = new FakeOpenAiApi({
  respond: (r) => {
    if (r.task !== "answer") return defaultReply(r);
    const ids = (r.schema?.properties?.entryId?.enum ?? []).filter((x: unknown) => x !== null);
    return { json: ids.length ? { entryId: ids[0], text: "请按以下步骤自查。" } : { entryId: null, text: "" } };
  },
});

describe("faq eval", () => {
  let faq: FaqService;
  let index: KbIndex;
  const cases = readLabeled("kb-eval/labeled.jsonl");

  beforeAll(async () => {
    const { entries } = await loadKbDir("kb");
    faq = new FaqService(entries);
    index = new KbIndex(entries);
    await firstEntry.start();
  });
  afterAll(() => firstEntry.stop());

  it("parses the labelled file and reports the line of a bad one", () => {
    expect(cases.length).toBeGreaterThan(200);
    expect(parseLabeled('{"q": "冰箱不冷", "expect": null}\n\n// note\n{"q": "tv", "expect": "tv-remote-en", "product": "tv"}')).toEqual([
      { q: "冰箱不冷", expect: null, lang: "zh", product: undefined },
      { q: "tv", expect: "tv-remote-en", lang: "en", product: "tv" },
    ]);
    expect(() => parseLabeled('{"q": "a", "expect": null}\n{"q": "b"}')).toThrow(EvalFileError);
    expect(() => parseLabeled('{"q": "a", "expect": null}\n{"q": "b"}')).toThrow(/line 2/);
    expect(() => parseLabeled("not json")).toThrow(/line 1: not JSON/);
    // one tag as a string is a list of one
    expect(
      parseLabeled('{"q": "冰相不冷", "expect": null, "tag": "typo"}\n{"q": "x", "expect": null, "tags": ["a"], "tag": "b"}').map(
        (c) => c.tags,
      ),
    ).toEqual([["typo"], ["a", "b"]]);
    expect(() => parseLabeled('{"q": "a", "expect": null, "tag": 3}')).toThrow(/line 1: "tag" must be a string/);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.95)).toBe(4);
  });

  it("says why answerable questions went unanswered, and hints at sample questions when most lack coverage", async () => {
    const rows = [
      { q: "a", expect: "e1", lang: "zh" as const },
      { q: "b", expect: "e1", lang: "zh" as const },
      { q: "c", expect: "e1", lang: "zh" as const },
      { q: "d", expect: "e1", lang: "zh" as const },
      { q: "e", expect: "e1", lang: "zh" as const },
      { q: "f", expect: "e1", lang: "zh" as const },
      { q: "g", expect: null, lang: "zh" as const },
    ];
    const outcome = (answer: string | null, first: string | null, reason: DecisionReason) => ({
      query: "",
      answer,
      results: first ? [{ id: first, title: first, score: 1 }] : [],
      reason,
    });
    const outcomes: Record<string, ReturnType<typeof outcome>> = {
      a: outcome("e1", "e1", "confident"),
      b: outcome(null, "e1", "low-coverage"),
      c: outcome(null, "e1", "low-coverage"),
      d: outcome(null, "e1", "low-coverage"),
      e: outcome(null, "e2", "ambiguous"),
      f: outcome("e2", "e2", "confident"), // a wrong answer is counted as wrong, not unanswered
      g: outcome(null, null, "no-results"),
    };
    const r = await runFaqEval(rows, { search: (q) => outcomes[q]! });
    expect(r.unanswered).toEqual({ rightFirst: { "low-coverage": 3 }, otherFirst: 1 });
    const text = formatFaqEval(r);
    expect(text).toContain(
      "unanswered      4 answerable: the right entry first but not confident for 3 (3 low coverage), another entry first for 1",
    );
    expect(text).toMatch(/^hint .*sample questions in your customers' own words$/m);
    // without reasons (a search that does not explain), and without the hint when coverage is not the cause
    const plain = await runFaqEval(rows.slice(0, 5), { search: (q) => ({ ...outcomes[q]!, reason: q === "b" ? "ambiguous" : undefined }) });
    expect(plain.unanswered).toEqual({ rightFirst: { ambiguous: 1, unknown: 2 }, otherFirst: 1 });
    expect(formatFaqEval(plain)).not.toContain("hint");
    // explanations without matched weights or candidates: no suggestion figures, rather than zeros
    expect(r.suggestions).toBeUndefined();
    expect(text).not.toContain("suggestions");
  });

  it("counts what the suggestions offered instead of an answer would have found", async () => {
    const rows = [
      { q: "two faults", expect: "frost", lang: "zh" as const },
      { q: "other first", expect: "noisy", lang: "zh" as const },
      { q: "answered", expect: "frost", lang: "zh" as const },
      { q: "not covered", expect: null, lang: "zh" as const },
      { q: "chat", expect: null, lang: "zh" as const },
    ];
    const x = (answer: string | null, reason: DecisionReason, ids: string[]) => ({
      query: "",
      answer,
      results: ids.map((id) => ({ id, title: id, score: 1 })),
      reason,
      matchedWeight: 4,
      candidates: ids.map((id) => ({ id, relScore: 1, coverage: 0.5 })),
    });
    const outcomes: Record<string, ReturnType<typeof x>> = {
      "two faults": x(null, "ambiguous", ["water-inside", "frost"]),
      "other first": x(null, "low-coverage", ["frost", "water-inside"]),
      answered: x("frost", "confident", ["frost"]),
      "not covered": x(null, "low-coverage", ["frost"]),
      chat: x(null, "no-results", []),
    };
    const r = await runFaqEval(rows, { search: (q) => outcomes[q]! });
    expect(r.suggestions).toEqual({ unanswered: 2, offered: 2, found: 1, nulls: 2, nullsShown: 1 });
    // the calibration's overlapping entries are printed under it
    const withOverlaps = {
      ...r,
      calibration: { ...DEFAULT_CALIBRATION, overlaps: [{ entry: "water-inside", answeredBy: "frost", count: 2 }] },
    };
    expect(formatFaqEval(withOverlaps)).toMatch(/^overlap {9}water-inside → frost \(2\): /m);
    expect(formatFaqEval({ ...r, calibration: DEFAULT_CALIBRATION })).not.toContain("overlap");
    expect(formatFaqEval(r)).toContain(
      "suggestions     of 2 unanswered answerable questions, 2 were offered a choice of entries and 1 (50.0%) had the right one among them; 1 of 2 expect-null questions (50.0%) were offered one",
    );
  });

  it("retrieval-only figures agree with the KB's own evaluation", async () => {
    const r = await runFaqEval(cases, { search: (q, o) => faq.search(q, o) });
    const k = evaluateKb(index, cases);
    expect(r).toMatchObject({
      mode: "retrieval",
      positives: k.positives,
      nulls: k.nulls,
      top1Accuracy: k.answerAccuracy,
      recallAt3: k.recallAt3,
      falseAnswerRate: k.falseAnswerRate,
      wrongAnswerRate: k.wrongAnswerRate,
    });
    expect(r.llm).toBeUndefined();
    expect(r.latencyMs.p50).toBeGreaterThanOrEqual(0);
    expect(r.latencyMs.p95).toBeGreaterThanOrEqual(r.latencyMs.p50);
  });

  it("LLM mode takes the assistant's entryId (here: always the first retrieved entry)", async () => {
    const { config } = loadConfig({ OPENAI_BASE_URL: firstEntry.baseURL, LLM_RATE_PER_CUSTOMER: "1" });
    const assistant = createAssistantFromConfig(config, silentLogger)!;
    const before = firstEntry.chatCalls("answer").length;
    const r = await runFaqEval(cases, { search: (q, o) => faq.search(q, o), entry: (id) => faq.get(id), assistant });
    const k = evaluateKb(index, cases);
    expect(r.mode).toBe("llm");
    expect(r.top1Accuracy).toBe(k.top1); // ranking top-1, since the fake picks the first entry
    expect(r.recallAt3).toBe(k.recallAt3);
    const withResults = cases.filter((c) => faq.search(c.q, { lang: c.lang, product: c.product ?? null }).results.length > 0).length;
    expect(r.llm).toEqual({ answered: withResults, declined: 0, fallbacks: 0, skipped: cases.length - withResults });
    expect(firstEntry.chatCalls("answer").length - before).toBe(withResults);
  });

  it("LLM mode falls back to the retrieval answer when the model fails", async () => {
    const ai = new FakeOpenAiApi();
    await ai.start();
    try {
      ai.fail("500");
      const { config } = loadConfig({ OPENAI_BASE_URL: ai.baseURL });
      const assistant = createAssistantFromConfig(config, silentLogger)!;
      const some = cases.slice(0, 30);
      const r = await runFaqEval(some, { search: (q, o) => faq.search(q, o), entry: (id) => faq.get(id), assistant });
      const plain = await runFaqEval(some, { search: (q, o) => faq.search(q, o) });
      expect(r.top1Accuracy).toBe(plain.top1Accuracy);
      expect(r.falseAnswerRate).toBe(plain.falseAnswerRate);
      expect(r.llm!.fallbacks).toBe(some.length - r.llm!.skipped);
      expect(ai.chatCalls()).toHaveLength(10); // the breaker opened after 5 failed calls (2 requests each)
    } finally {
      await ai.stop();
    }
  });
});

describe("npx desk faq eval", () => {
  const dir = mkdtempSync(join(tmpdir(), "desk-eval-"));
  const file = join(dir, "labeled.jsonl");
  const saved = { ...process.env };
  const io = () => {
    const o = { out: "", err: "" };
    return { o, out: (s: string) => void (o.out += s), err: (s: string) => void (o.err += s) };
  };

  beforeAll(async () => {
    await firstEntry.start();
    writeFileSync(
      file,
      [
        { q: "冰箱不冷了咋办", expect: "fridge-not-cooling-zh", lang: "zh" },
        { q: "washer smells bad", expect: "washer-smell-en", lang: "en" },
        { q: "你们几点下班", expect: null, lang: "zh" },
      ]
        .map((x) => JSON.stringify(x))
        .join("\n"),
    );
    for (const k of Object.keys(process.env)) if (/^(OPENAI_|DATABASE_URL|LLM_)/.test(k)) delete process.env[k];
    process.env.DESK_DATA_DIR = join(dir, "data");
    const i = io();
    expect(await run(["faq", "import", "./kb"], i.out, i.err)).toBe(0);
  });
  afterAll(async () => {
    process.env = saved;
    await firstEntry.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the figures as JSON in retrieval-only mode", async () => {
    const i = io();
    expect(await run(["faq", "eval", file, "--json"], i.out, i.err)).toBe(0);
    const r = JSON.parse(i.o.out);
    expect(r).toMatchObject({ mode: "retrieval", cases: 3, positives: 2, nulls: 1, top1Accuracy: 1, recallAt3: 1, falseAnswerRate: 0 });
    expect(r.latencyMs).toHaveProperty("p95");
  });

  it("prints a table, and runs in LLM mode against the configured server", async () => {
    let i = io();
    expect(await run(["faq", "eval", file], i.out, i.err)).toBe(0);
    expect(i.o.out).toMatch(/top-1 accuracy\s+100\.0%/);
    expect(i.o.out).toMatch(/recall@3\s+100\.0%/);
    expect(i.o.out).toMatch(/false answers\s+0\.0%/);
    expect(i.o.out).toMatch(/latency\s+p50 [\d.]+ ms, p95 [\d.]+ ms/);

    await expect(run(["faq", "eval", file, "--llm"], i.out, i.err)).rejects.toThrow(CliError);

    process.env.OPENAI_BASE_URL = firstEntry.baseURL;
    const before = firstEntry.chatCalls("answer").length;
    i = io();
    expect(await run(["faq", "eval", file, "--llm", "--json"], i.out, i.err)).toBe(0);
    const r = JSON.parse(i.o.out);
    expect(r.mode).toBe("llm");
    expect(r.llm.answered + r.llm.skipped).toBe(3);
    expect(firstEntry.chatCalls("answer").length - before).toBe(r.llm.answered);
    expect(i.o.err).toContain("LLM mode");
    delete process.env.OPENAI_BASE_URL;
  });

  it("refuses a malformed labelled file with its line", async () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"q": "ok", "expect": null}\n{"expect": "x"}\n');
    const i = io();
    await expect(run(["faq", "eval", bad], i.out, i.err)).rejects.toThrow(/line 2/);
  });
});
