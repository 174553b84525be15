// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "data/", "bench/results/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["warn", "error"] }],
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly" } },
  },
  {
    // The Mini App's page runs in the browser (Telegram's webview).
    files: ["src/webapp/public/**/*.js"],
    languageOptions: {
      globals: Object.fromEntries(
        ["window", "document", "location", "navigator", "sessionStorage", "fetch", "URLSearchParams", "Intl", "Node"].map((name) => [name, "readonly"]),
      ),
    },
  },
  {
    files: ["src/sandbox/**", "src/transcripts/cli.ts", "src/admin/cli.ts", "src/seed/cli.ts", "bench/**"],
    rules: { "no-console": "off" },
  },
);
