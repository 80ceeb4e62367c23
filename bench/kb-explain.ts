/**
 * Why the KB answers (or not) some questions: the full explanation of each, one JSON line.
 *
 *   npx tsx bench/kb-explain.ts KB_DIR "question" ["question" ...]
 */
import { loadKbDir } from "../core/kb/index.ts";
import { buildKbIndex } from "../core/kb/build.ts";
import { loadCatalogue } from "../core/catalogue/index.ts";

const [dir, ...questions] = process.argv.slice(2);
if (!dir || questions.length === 0) {
  console.error('usage: npx tsx bench/kb-explain.ts KB_DIR "question" ...');
  process.exit(2);
}
const catalogue = loadCatalogue();
const { entries } = await loadKbDir(dir, { catalogue });
const kb = await buildKbIndex(entries, { catalogue });
for (const q of questions) console.log(JSON.stringify(kb.explain(q)));
