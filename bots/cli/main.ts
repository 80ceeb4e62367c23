/**
 * The desk CLI. Only JSON (or the requested output) goes to stdout; messages go to stderr.
 *
 *   desk faq import <dir> [--replace]
 *   desk faq search "<question>" [--json] [--lang zh|en] [--product <category>]
 *   desk faq eval <labeled.jsonl> [--kb <dir>] [--llm] [--json]
 *   desk report summary|engineer …   (bots/cli/report.ts)
 *   desk seed demo [--force] [--seed N]   (bots/cli/seed.ts)
 *   desk backup|restore <file.tgz>        (bots/cli/backup.ts)
 *
 * With the embedded database, a running desk owns it: the CLI then goes through the desk's
 * local admin API. With no desk running, the CLI takes the database lock itself.
 */
import { catalogueOf, loadConfig, loadDotEnv } from "../../core/config.ts";
import { Store, dbTargetOf } from "../../core/store/index.ts";
import { DataDirLockedError, acquireLock, readLock } from "../../core/store/lock.ts";
import type { FaqService as FaqServiceT } from "../../core/faq.ts";
import { loadCatalogue, type Catalogue } from "../../core/catalogue/index.ts";

// The FAQ commands' modules (the KB search, the LLM adapter) are imported when a FAQ command
// runs: a report run then loads only the store and the reports, and stays small.
const faqModules = () => Promise.all([import("../../core/faq-import.ts"), import("../../core/faq.ts")]);
const kbModules = () => Promise.all([import("../../core/kb/index.ts"), import("../../core/kb/build.ts")]);

/** The shop's catalogue: DESK_CATALOGUE, or the shipped one. */
function cliCatalogue(): Catalogue {
  try {
    return loadCatalogue(loadConfig(process.env).config.cataloguePath ?? process.env.DESK_CATALOGUE);
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

/** The embedder when OPENAI_EMBEDDING_MODEL is set (with an LLM server), else null. */
async function cliEmbedder() {
  const { config } = loadConfig(process.env);
  const { createEmbedderFromConfig } = await import("../llm/embedder.ts");
  return createEmbedderFromConfig(config);
}
import { REPORT_USAGE, runReport } from "./report.ts";
import { RECORDS_USAGE, runExport, runImport, type RecordsCliDeps } from "./records.ts";
import { requestScan } from "../../core/proactive/index.ts";
import { SeedRefused, progressBar, seedDemo } from "./seed.ts";
import { BACKUP_USAGE } from "./backup.ts";
import { DeskError } from "../../core/errors.ts";

/** A desk command cannot go on; `message` is printed as is and the process exits with `exitCode`. */
export class CliError extends DeskError<"CLI_FAILED"> {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super("CLI_FAILED", message);
  }
}

interface Parsed {
  positional: string[];
  flags: Record<string, string | boolean>;
}

export function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags: Record<string, string | boolean> = {};
  const valued = new Set(["lang", "product", "from", "to", "kb", "misses", "out", "encoding", "seed", "png"]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const [key, v] = a.slice(2).split("=", 2);
      const k = key!; // split always returns at least one piece
      if (v !== undefined) flags[k] = v;
      else if (valued.has(k) && i + 1 < argv.length) flags[k] = argv[++i]!;
      else flags[k] = true;
    } else positional.push(a);
  }
  return { positional, flags };
}

const USAGE = `usage:
  desk faq import <dir> [--replace]
  desk faq search "<question>" [--json] [--lang zh|en] [--product <category>]
  desk faq eval <labeled.jsonl> [--kb <dir>] [--llm] [--json] [--misses N]
                                      confident-and-right, recall@3, false answers, latency, per language and tag;
                                      --kb evaluates a KB folder without touching the desk's database
${REPORT_USAGE}
${RECORDS_USAGE}
${BACKUP_USAGE}
  desk seed demo [--force] [--seed N]    a realistic demo month (~30 customers, ~150 tickets) for the sandbox and
                                      the reports; refuses a database with real customers' tickets unless --force`;

type Remote = { port: number; token: string };

/**
 * Runs `local` on the store (taking the embedded database's lock if needed), or `remote`
 * through the running desk that holds it.
 */
async function withDesk<T>(local: (store: Store) => Promise<T>, remote: (desk: Remote) => Promise<T>): Promise<T> {
  const { config, problems } = loadConfig(process.env);
  if (problems.length) throw new CliError(problems.join("\n"));
  if (config.databaseUrl) {
    const store = await Store.open(dbTargetOf(config));
    try {
      return await local(store);
    } finally {
      await store.close();
    }
  }
  const holder = readLock(config.dataDir);
  if (holder) {
    if (holder.owner === "desk" && holder.port) return remote({ port: holder.port, token: holder.token });
    throw new CliError(
      holder.owner === "desk"
        ? `the desk (pid ${holder.pid}) is starting and holds ${config.dataDir}; try again in a few seconds`
        : `another desk command (pid ${holder.pid}) is using ${config.dataDir}; try again when it has finished`,
    );
  }
  let lock;
  try {
    lock = acquireLock(config.dataDir, "cli");
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new CliError(`${err.message}; try again in a few seconds`);
    throw err;
  }
  try {
    const store = await Store.open(dbTargetOf(config));
    try {
      return await local(store);
    } finally {
      await store.close();
    }
  } finally {
    lock.release();
  }
}

async function callDesk<T>(desk: Remote, path: string, body: unknown): Promise<T> {
  return JSON.parse((await callDeskBytes(desk, path, body)).toString("utf8")) as T;
}

/** The running desk's answer to an admin request, as bytes. */
async function callDeskBytes(desk: Remote, path: string, body: unknown): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${desk.port}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${desk.token}` },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new CliError(
      `the running desk does not answer on port ${desk.port} (${(err as Error).message}); is it stuck? Stop it, then retry`,
    );
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new CliError(`the running desk refused the request: ${res.status} ${bytes.toString("utf8")}`);
  return bytes;
}

const defaultErr = (text: string): void => {
  process.stderr.write(text);
};

export async function run(
  argv: string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = defaultErr,
): Promise<number> {
  const { positional, flags } = parseArgs(argv);
  const [group, cmd, ...rest] = positional;
  if (group === "faq" && cmd === "import") {
    const [{ importKb }] = await faqModules();
    const dir = rest[0];
    if (!dir) throw new CliError(`missing <dir>\n${USAGE}`);
    const replace = Boolean(flags.replace);
    const { resolve } = await import("node:path");
    const abs = resolve(dir);
    const { existsSync, statSync } = await import("node:fs");
    if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new CliError(`${dir} is not a folder`);
    const catalogue = cliCatalogue();
    const embedder = await cliEmbedder();
    const report = await withDesk(
      (store) => importKb(store, abs, { replace, catalogue, embedder }),
      (desk) => callDesk<Awaited<ReturnType<typeof importKb>>>(desk, "/admin/faq/import", { dir: abs, replace }),
    );
    for (const e of report.errors) err(`✖ ${e.path}: ${e.reason}\n`);
    for (const w of report.warnings ?? []) err(`⚠ ${w.path}: ${w.reason}\n`);
    err(
      `imported from ${report.dir}: ${report.created} new, ${report.updated} updated, ${report.unchanged} unchanged, ${report.deleted} deleted, ${report.errors.length} not imported (errors), ${(report.warnings ?? []).length} imported with warnings\n`,
    );
    if (report.calibration) {
      const [{ formatCalibration, formatOverlaps }] = await kbModules();
      err(`confidence: ${formatCalibration(report.calibration)}\n`);
      const overlaps = formatOverlaps(report.calibration);
      if (overlaps) err(`overlap: ${overlaps}\n`);
    }
    for (const a of report.advice ?? []) err(`advice: ${a}\n`);
    if (report.embeddings)
      err(
        `embeddings (${report.embeddings.model}): ${report.embeddings.embedded} made, ${report.embeddings.missing} missing${report.embeddings.error ? ` — the embedding server failed (${report.embeddings.error}); search stays lexical for those` : ""}\n`,
      );
    out(JSON.stringify(report) + "\n");
    return report.errors.length ? 1 : 0;
  }
  if (group === "faq" && cmd === "search") {
    const [, { FaqService }] = await faqModules();
    const query = rest.join(" ").trim();
    if (!query) throw new CliError(`missing "<question>"\n${USAGE}`);
    const lang = flags.lang === "zh" || flags.lang === "en" ? flags.lang : undefined;
    const product = typeof flags.product === "string" ? flags.product : null;
    const outcome = await withDesk(
      async (store) => {
        const faq = await FaqService.fromStore(store, { catalogue: cliCatalogue() });
        if (faq.size === 0) err(`the knowledge base is empty: import one with \`npx desk faq import ./kb\`\n`);
        return faq.search(query, { lang, product });
      },
      (desk) => callDesk<ReturnType<FaqServiceT["search"]>>(desk, "/admin/faq/search", { query, lang, product }),
    );
    const result = {
      query: outcome.query,
      answer: outcome.answer,
      results: outcome.results.slice(0, 5).map((r) => ({ id: r.id, title: r.title, score: r.score })),
    };
    if (flags.json) out(JSON.stringify(result) + "\n");
    else {
      out(`answer: ${result.answer ?? "(none: hand over to staff)"}\n`);
      for (const r of result.results) out(`  ${r.score.toFixed(3)}  ${r.id}  ${r.title}\n`);
    }
    return 0;
  }
  if (group === "faq" && cmd === "eval") {
    const [, { FaqService }] = await faqModules();
    const { EvalFileError, formatFaqEval, readLabeled, runFaqEval } = await import("./eval.ts");
    const file = rest[0];
    if (!file) throw new CliError(`missing <labeled.jsonl>\n${USAGE}`);
    const { existsSync, statSync } = await import("node:fs");
    if (!existsSync(file)) throw new CliError(`${file} does not exist`);
    let cases;
    try {
      cases = readLabeled(file);
    } catch (e) {
      if (e instanceof EvalFileError) throw new CliError(`${file} ${e.message}`);
      throw e;
    }
    if (!cases.length) throw new CliError(`${file} has no questions`);
    let assistant = null;
    if (flags.llm) {
      const { config } = loadConfig(process.env);
      const [{ createLogger }, { createAssistantFromConfig }] = await Promise.all([
        import("../../core/log.ts"),
        import("../llm/openai.ts"),
      ]);
      assistant = createAssistantFromConfig(config, createLogger(config.logLevel === "debug" ? "debug" : "error"));
      if (!assistant) throw new CliError("--llm needs an LLM: set OPENAI_API_KEY or OPENAI_BASE_URL (see docs/llm.md)");
      err(`LLM mode: model ${config.llm.model}; ${cases.length} questions, one at a time\n`);
    }
    const progress =
      process.stderr.isTTY && err === defaultErr ? (d: number, n: number) => err(`\r${d}/${n}${d === n ? "\n" : ""}`) : undefined;
    let report;
    if (typeof flags.kb === "string") {
      // A KB folder, indexed here: the desk's database is not touched.
      const kbDir = flags.kb;
      if (!existsSync(kbDir) || !statSync(kbDir).isDirectory()) throw new CliError(`--kb ${kbDir} is not a folder`);
      const catalogue = cliCatalogue();
      const [{ loadKbDir, formatCalibration, formatOverlaps, formatMissingQuestions }, { buildKbIndex }] = await kbModules();
      const loaded = await loadKbDir(kbDir, { catalogue });
      for (const e of loaded.errors) err(`✖ ${e.path}: ${e.reason}\n`);
      if (!loaded.entries.length) throw new CliError(`${kbDir} has no usable KB entries`);
      const kb = await buildKbIndex(loaded.entries, { catalogue });
      err(`KB ${kbDir}: ${loaded.entries.length} entries, ${loaded.errors.length} not imported, ${loaded.warnings.length} with warnings\n`);
      err(`confidence: ${formatCalibration(kb.calibration)}\n`);
      const overlaps = formatOverlaps(kb.calibration);
      if (overlaps) err(`overlap: ${overlaps}\n`);
      const missing = formatMissingQuestions(loaded.entries);
      if (missing) err(`advice: ${missing}\n`);
      report = await runFaqEval(cases, { search: (q, o) => kb.explain(q, o), entry: (id) => kb.get(id), assistant, progress });
      report.calibration = kb.calibration;
    } else
      report = await withDesk(
        async (store) => {
          const faq = await FaqService.fromStore(store, { catalogue: cliCatalogue() });
          if (faq.size === 0) throw new CliError(`the knowledge base is empty: import one with \`npx desk faq import ./kb\``);
          const r = await runFaqEval(cases, { search: (q, o) => faq.explain(q, o), entry: (id) => faq.get(id), assistant, progress });
          r.calibration = faq.calibration;
          return r;
        },
        async (desk) => {
          if (assistant)
            throw new CliError(
              "--llm needs the KB entries, which the running desk does not serve: stop the desk (or use PostgreSQL) and retry",
            );
          return runFaqEval(cases, {
            search: (query, o) =>
              callDesk<ReturnType<FaqServiceT["search"]>>(desk, "/admin/faq/search", { query, lang: o.lang, product: o.product }),
            progress,
          });
        },
      );
    if (flags.json) out(JSON.stringify(report) + "\n");
    else out(formatFaqEval(report, { misses: typeof flags.misses === "string" ? Number(flags.misses) : undefined }));
    return 0;
  }
  if (group === "seed" && cmd === "demo") {
    const { config } = loadConfig(process.env);
    const seed = typeof flags.seed === "string" ? Number(flags.seed) : undefined;
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new CliError(`--seed must be an integer`);
    const result = await withDesk(
      async (store) => {
        try {
          return await seedDemo(store, {
            now: new Date(),
            calendar: config.sla.calendar,
            timeZone: config.timeZone,
            dispatchHours: config.sla.targets.dispatchHours,
            repeatDays: config.repeatDays,
            force: Boolean(flags.force),
            seed,
            progress: progressBar(err, Boolean(process.stderr.isTTY) && err === defaultErr),
          });
        } catch (e) {
          if (e instanceof SeedRefused) throw new CliError(e.message);
          throw e;
        }
      },
      async () => {
        throw new CliError(
          "the desk is running and holds the embedded database: stop it (Ctrl-C), run `npx desk seed demo`, then `npm start` again",
        );
      },
    );
    err(
      `demo month: ${result.customers} customers, ${result.products} products, ${result.contracts} contracts, ${result.tickets} tickets (${result.complaints} complaints, ${result.repeatRepairs} repeat repair), ${result.surveys} surveys\n`,
    );
    out(JSON.stringify(result) + "\n");
    return 0;
  }
  if (group === "report" && !flags.help) {
    const flush = () =>
      process.stdout.writableNeedDrain ? new Promise<void>((resolve) => process.stdout.once("drain", () => resolve())) : Promise.resolve();
    return runReport(cmd, rest, flags, { out, err, withDesk, callDesk, fail: (m) => new CliError(m), flush });
  }
  if ((group === "import" || group === "export") && !flags.help) {
    const { config, problems } = loadConfig(process.env);
    if (problems.length) throw new CliError(problems.join("\n"));
    const deps: RecordsCliDeps = {
      out,
      err,
      progress: process.stderr.isTTY && err === defaultErr ? err : undefined,
      withDesk,
      callDesk,
      fail: (m) => new CliError(m),
      catalogue: catalogueOf(config),
      vipTiers: config.vipTiers,
      timeZone: config.timeZone,
      now: new Date(),
      // a desk process (this one's database, now or at its next start) scans for the reminders the records make due
      afterImport: (store) => requestScan(store, new Date()),
    };
    const args = [cmd, ...rest].filter((a): a is string => a !== undefined);
    return group === "import" ? runImport(args, flags, deps) : runExport(args, flags, deps);
  }
  if ((group === "backup" || group === "restore") && !flags.help) {
    const { config, problems } = loadConfig(process.env);
    if (problems.length) throw new CliError(problems.join("\n"));
    const { runBackup, runRestore } = await import("./backup.ts");
    const deps = { out, err, fail: (m: string) => new CliError(m), config, withDesk, callDeskBytes };
    const args = [cmd, ...rest].filter((a): a is string => a !== undefined);
    return group === "backup" ? runBackup(args, deps) : runRestore(args, deps);
  }
  if (!group || group === "help" || flags.help) {
    out(USAGE + "\n");
    return 0;
  }
  throw new CliError(`unknown command: ${positional.join(" ")}\n${USAGE}`);
}

/** Entry point for `npx desk` (bin.mjs) and `npm run desk --`. */
export function cliMain(argv = process.argv.slice(2)): void {
  // settings from ./.env when it exists; the real environment wins
  loadDotEnv();
  run(argv).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`✖ ${e instanceof CliError ? e.message : ((e as Error)?.message ?? String(e))}\n`);
      process.exit(e instanceof CliError ? e.exitCode : 1);
    },
  );
}

// run directly: `tsx bots/cli/main.ts …` (npm run desk), or compiled `node dist/cli.js …`
if (process.argv[1] && /(bots[\\/]cli[\\/]main\.ts|[\\/]cli\.js)$/.test(process.argv[1])) cliMain();
