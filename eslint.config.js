// Lint: typescript-eslint's recommended rules, and the fences that keep the layers apart.
// core/ knows no platform: no grammy, @slack/*, openai in core/**; only core/store/** may
// import Prisma or pg. A platform import added to core/ fails `npm run lint`.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const PLATFORM = [
  { group: ["grammy", "grammy/*", "@grammyjs/*"], message: "core/ knows no platform: translate in bots/telegram." },
  { group: ["@slack/*"], message: "core/ knows no platform: translate in bots/slack." },
  { group: ["openai", "openai/*"], message: "core/ knows no platform: the LLM adapter lives in bots/llm." },
];
const DATABASE = [
  {
    group: ["@prisma/*", "prisma", "prisma/*", "pg", "pg/*", "@electric-sql/*", "pglite-prisma-adapter", "**/store/generated/**"],
    message: "Only core/store/ talks to the database.",
  },
];

export default tseslint.config(
  { ignores: ["node_modules/", "core/store/generated/", "data/", "dist/", "coverage/", "scratch/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        setImmediate: "readonly",
        fetch: "readonly",
        AbortController: "readonly",
        AbortSignal: "readonly",
        TextEncoder: "readonly",
        TextDecoder: "readonly",
        structuredClone: "readonly",
        queueMicrotask: "readonly",
        performance: "readonly",
        Intl: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-empty": ["error", { allowEmptyCatch: true }],
    },
  },
  {
    // coded errors: every error class of the desk extends DeskError (core/errors.ts), which sets code, name and cause
    files: ["core/**/*.ts", "bots/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ClassDeclaration[superClass.name='Error'], ClassExpression[superClass.name='Error']",
          message: "Extend DeskError (core/errors.ts): a stable code, the class's name and the cause.",
        },
      ],
    },
  },
  {
    files: ["core/errors.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    files: ["core/**/*.ts"],
    ignores: ["core/store/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [...PLATFORM, ...DATABASE] }] },
  },
  {
    files: ["core/store/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: PLATFORM }] },
  },
);
