// npm run transcript -- FILE...: each file against the real bot on a fresh key prefix; exit 0 only when all pass.
import { startHarness } from "../devtools/harness.ts";
import { runTranscriptFile, formatFailure } from "./run.ts";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npm run transcript -- FILE.chat [FILE.chat …]");
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const harness = await startHarness({ redisUrl: process.env.REDIS_URL });
  try {
    const result = await runTranscriptFile(file, harness);
    if (!result.ok) failed++;
    console.log(formatFailure(result));
  } finally {
    await harness.close();
  }
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
