// The house's stairs run one way (STYLE.md): each room may import only the rooms below it, and no files import
// each other in a circle. `npm test` runs it (npm run lint:deps); test/repo/layers.test.ts shows a broken rule fails it.
// Paths match "src/…" anywhere, so the fixture under test/fixtures/layers/src/ is judged by the same rules.
const room = (name) => `(^|/)src/${name}`;
const devTools = "(^|/)src/(localapi|sandbox|transcripts|devtools|seed)/";

/** from room → the rooms it may import (besides itself). */
const allowed = {
  "domain/": [],
  "store/": ["domain/"],
  "access/": ["store/", "domain/", "clock\\.ts"],
  "reports/": ["store/", "domain/", "access/"],
  // The outbox: one BullMQ queue and its sender (Telegram's limits), used by the bot ("remind the missing") and the scheduler.
  "outbox/": ["store/", "domain/", "logger\\.ts", "metrics\\.ts"],
  "bot/": ["reports/", "access/", "outbox/", "store/", "domain/", "clock\\.ts", "logger\\.ts", "metrics\\.ts"],
};

/** Who may import the scheduler (it composes the calendar's jobs from the bot, the store and the outbox). */
const schedulerUsers = ["scheduler/", "main\\.ts", "(localapi|sandbox|transcripts|devtools|seed)/"];

module.exports = {
  forbidden: [
    { name: "no-circular", comment: "files that import each other in a circle", severity: "error", from: {}, to: { circular: true } },
    ...Object.entries(allowed).map(([from, to]) => ({
      name: `${from.replace("/", "")}-imports-only-below`,
      comment: `${from} may import only ${to.join(", ") || "itself"} of ours`,
      severity: "error",
      from: { path: room(from) },
      to: { path: "(^|/)src/", pathNot: [room(from), ...to.map(room)] },
    })),
    {
      name: "only-main-uses-the-scheduler",
      comment: "the scheduler only composes jobs: main and the dev tools start it; nothing of the product imports it",
      severity: "error",
      from: { path: "(^|/)src/", pathNot: schedulerUsers.map(room) },
      to: { path: room("scheduler/") },
    },
    {
      name: "domain-does-no-io",
      comment: "the domain parses text and computes; reading files, the network and other processes belong to the edge",
      severity: "error",
      from: { path: room("domain/") },
      to: {
        dependencyTypes: ["core"],
        path: "^(node:)?(fs|path|net|http|https|http2|tls|dgram|dns|child_process|cluster|worker_threads|os|readline|process|stream|v8|vm)(/|$)",
      },
    },
    {
      name: "features-import-no-other-feature",
      comment:
        "a feature (src/bot/features/X.ts or X/) imports only its own files, bot/helpers, bot/keyboards and the bot's shared modules and layers below; " +
        "what two features share moves to helpers/ or keyboards/ (features/index.ts composes them all)",
      severity: "error",
      from: { path: "(?:^|/)src/bot/features/([^/.]+)", pathNot: "(?:^|/)src/bot/features/index\\.ts$" },
      to: { path: "(?:^|/)src/bot/(features/|conversations/|index\\.ts$)", pathNot: "(?:^|/)src/bot/features/$1(\\.ts$|/)" },
    },
    {
      name: "product-never-uses-dev-tools",
      comment: "the local Bot API, sandbox, transcripts, devtools and seed may use the product, never the other way",
      severity: "error",
      from: { path: "(^|/)src/", pathNot: devTools },
      to: { path: devTools },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
  },
};
