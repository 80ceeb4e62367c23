/**
 * The OpenAI adapter: the real `openai` SDK against the local fake server — request shape,
 * the json_object fallback, SDK errors mapped to coded LlmErrors (with the SDK's one retry),
 * embeddings, and building the assistant from the configuration.
 */
import { createServer } from "node:net";
import OpenAI from "openai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LlmError } from "../../core/assistant/llm.ts";
import { loadPrompts } from "../../core/assistant/prompts.ts";
import { loadConfig } from "../../core/config.ts";
import { silentLogger } from "../../core/log.ts";
import { OpenAiLlmClient, createAssistantFromConfig, safeBaseUrl } from "../../bots/llm/openai.ts";
import { FakeOpenAiApi, fakeEmbedding } from "../fakes/openai-api.ts";

const prompts = loadPrompts();
const req = (timeoutMs = 2000) => ({ ...prompts.renderUnderstand({ text: "冰箱不冷了", lang: "zh-CN" }), timeoutMs });
const U = { intent: "fault_report", category: "fridge", model: null, symptom: "不冷", urgency: "normal", language: "zh", complaint: null };

/** The SDK's own timeout while a test aborts the call itself: long, so that only the abort can end it early. */
const ABORT_TEST_SDK_TIMEOUT_MS = 20_000;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "resolved";
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return (err as LlmError).code;
  }
}

describe("OpenAiLlmClient against the fake OpenAI API", () => {
  let ai: FakeOpenAiApi;
  let client: OpenAiLlmClient;

  beforeEach(async () => {
    ai = new FakeOpenAiApi({ respond: () => ({ json: U }) });
    await ai.start();
    client = new OpenAiLlmClient({ baseURL: ai.baseURL, model: "gpt-4o-mini", embeddingModel: "text-embedding-3-small", timeoutMs: 2000 });
  });
  afterEach(() => ai.stop());

  it("asks for strict json_schema output with the system prompt and the delimited user message", async () => {
    expect(JSON.parse(await client.chatJson(req()))).toEqual(U);
    const [call] = ai.chatCalls();
    expect(call!.headers.authorization).toBe("Bearer not-needed");
    expect(call!.body).toMatchObject({
      model: "gpt-4o-mini",
      temperature: 0,
      response_format: {
        type: "json_schema",
        json_schema: { name: "desk_understand", strict: true, schema: { type: "object", additionalProperties: false } },
      },
    });
    expect(call!.body.messages.map((m: any) => m.role)).toEqual(["system", "user"]);
    expect(call!.body.messages[1].content).toContain("<customer_message>");
    expect(call!.body.messages[0].content).not.toContain("冰箱不冷了");
  });

  it("falls back to json_object, with the schema in the system prompt, when the server refuses json_schema — once", async () => {
    ai.rejectJsonSchema = true;
    expect(JSON.parse(await client.chatJson(req()))).toEqual(U);
    expect(JSON.parse(await client.chatJson(req()))).toEqual(U);
    const calls = ai.chatCalls().map((c) => c.body.response_format?.type);
    expect(calls).toEqual(["json_schema", "json_object", "json_object"]);
    expect(client.jsonMode).toBe("json_object");
    expect(ai.chatCalls()[1]!.body.messages[0].content).toContain('"additionalProperties":false');
  });

  it("maps 429 to LLM_RATE_LIMITED after one retry that honours retry-after", async () => {
    ai.retryAfter = 1;
    ai.fail("429");
    const started = Date.now();
    expect(await codeOf(client.chatJson(req(5000)))).toBe("LLM_RATE_LIMITED");
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(ai.chatCalls()).toHaveLength(2);
    expect(ai.chatCalls().every((c) => c.status === 429)).toBe(true);
  });

  it("recovers when the retry succeeds", async () => {
    ai.retryAfter = 0;
    ai.fail("429", { count: 1 });
    expect(JSON.parse(await client.chatJson(req()))).toEqual(U);
    expect(ai.chatCalls()).toHaveLength(2);
  });

  it("maps 5xx to LLM_SERVER (maxRetries 1: two requests)", async () => {
    ai.fail("500");
    expect(await codeOf(client.chatJson(req()))).toBe("LLM_SERVER");
    expect(ai.chatCalls()).toHaveLength(2);
  });

  it("maps a hang to LLM_TIMEOUT and abandons it when the caller aborts", async () => {
    ai.fail("hang");
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const started = Date.now();
    const err = await client.chatJson({ ...req(ABORT_TEST_SDK_TIMEOUT_MS), signal: ac.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect((err as LlmError).code).toBe("LLM_TIMEOUT");
    // the caller's abort ended it, not the SDK's own (much later) timeout
    expect((err as LlmError).message).toContain("abandoned");
    expect(Date.now() - started).toBeLessThan(ABORT_TEST_SDK_TIMEOUT_MS);
    // the SDK's own timeout too
    const short = new OpenAiLlmClient({ baseURL: ai.baseURL, model: "m", timeoutMs: 200 });
    expect(await codeOf(short.chatJson(req(200)))).toBe("LLM_TIMEOUT");
  });

  it("maps an unreachable server to LLM_CONNECTION, 401 to LLM_AUTH, other 4xx to LLM_REQUEST", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as any).port;
        s.close(() => resolve(p));
      });
    });
    const nowhere = new OpenAiLlmClient({ baseURL: `http://127.0.0.1:${port}/v1`, model: "m", timeoutMs: 2000 });
    expect(await codeOf(nowhere.chatJson(req()))).toBe("LLM_CONNECTION");

    const locked = new FakeOpenAiApi({ apiKey: "sk-right" });
    await locked.start();
    try {
      const wrong = new OpenAiLlmClient({ apiKey: "sk-wrong", baseURL: locked.baseURL, model: "m", timeoutMs: 2000 });
      expect(await codeOf(wrong.chatJson(req()))).toBe("LLM_AUTH");
      const right = new OpenAiLlmClient({ apiKey: "sk-right", baseURL: locked.baseURL, model: "m", timeoutMs: 2000 });
      expect(await codeOf(right.chatJson(req()))).toBe("resolved");
    } finally {
      await locked.stop();
    }

    ai.respond = () => ({ status: 404, message: "The model `nope` does not exist" });
    expect(await codeOf(client.chatJson(req()))).toBe("LLM_REQUEST");
  });

  it("returns malformed content as is (the assistant rejects it), and refuses empty or cut-off output", async () => {
    ai.fail("malformed", { count: 1 });
    const bad = await client.chatJson(req());
    expect(() => JSON.parse(bad)).toThrow();
    const content = await client.chatJson(req());
    expect(content).toBe(JSON.stringify(U));
    ai.respond = () => ({ content: "" });
    expect(await codeOf(client.chatJson(req()))).toBe("LLM_BAD_OUTPUT");
    ai.respond = () => ({ content: '{"intent":', finishReason: "length" });
    expect(await codeOf(client.chatJson(req()))).toBe("LLM_BAD_OUTPUT");
  });

  it("asks for float embeddings and returns them in order", async () => {
    const v = await client.embed(["冰箱不制冷", "washer leaking"]);
    expect(v).toHaveLength(2);
    expect(v[0]).toEqual(fakeEmbedding("冰箱不制冷", 8));
    expect(ai.calls.at(-1)!.body).toMatchObject({
      model: "text-embedding-3-small",
      encoding_format: "float",
      input: ["冰箱不制冷", "washer leaking"],
    });
    const noModel = new OpenAiLlmClient({ baseURL: ai.baseURL, model: "m", timeoutMs: 1000 });
    expect(await codeOf(noModel.embed(["x"]))).toBe("LLM_REQUEST");
  });

  it("serves base64 embeddings like the real API when asked (the SDK's default decodes them)", async () => {
    const sdk = new OpenAI({ apiKey: "x", baseURL: ai.baseURL });
    const res = await sdk.embeddings.create({ model: "text-embedding-3-small", input: "冰箱不制冷" });
    expect(ai.calls.at(-1)!.body.encoding_format).toBe("base64");
    const raw = JSON.parse(ai.calls.at(-1)!.raw);
    expect(raw.encoding_format).toBe("base64");
    expect(res.data[0]!.embedding).toEqual(fakeEmbedding("冰箱不制冷", 8));
    const models = await sdk.models.list();
    expect(models.data.map((m) => m.id)).toContain("gpt-4o-mini");
  });
});

describe("createAssistantFromConfig", () => {
  it("is null without OPENAI_API_KEY or OPENAI_BASE_URL", () => {
    expect(createAssistantFromConfig(loadConfig({}).config, silentLogger)).toBeNull();
  });

  it("builds a working assistant from OPENAI_BASE_URL alone (local servers)", async () => {
    const ai = new FakeOpenAiApi({ respond: () => ({ json: U }) });
    await ai.start();
    try {
      const { config, problems } = loadConfig({ OPENAI_BASE_URL: ai.baseURL, OPENAI_MODEL: "qwen2.5:7b-instruct" });
      expect(problems).toEqual([]);
      const assistant = createAssistantFromConfig(config, silentLogger)!;
      expect(await assistant.understand({ customerKey: "c:1", text: "冰箱不冷了", lang: "zh-CN" })).toEqual(U);
      expect(ai.chatCalls()[0]!.body.model).toBe("qwen2.5:7b-instruct");
    } finally {
      await ai.stop();
    }
  });

  it("prints base URLs without credentials", () => {
    expect(safeBaseUrl("http://user:secret@gpu-box:8000/v1/?api_key=abc")).toBe("http://gpu-box:8000/v1");
    expect(safeBaseUrl(undefined)).toBe("https://api.openai.com/v1");
  });
});
