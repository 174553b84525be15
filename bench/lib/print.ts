// The results as a plain-text table (terminal) and as Markdown (README).
import type { Section } from "./report.ts";

const status = (met: boolean | undefined) => (met === undefined ? "" : met ? "met" : "MISSED");

export function textTable(sections: readonly Section[]): string {
  const lines: string[] = [];
  for (const s of sections) {
    const width = Math.max(...s.rows.map((r) => r.metric.length), 10);
    const valueWidth = Math.min(40, Math.max(...s.rows.map((r) => r.value.length), 5));
    lines.push("", s.title);
    for (const row of s.rows) {
      const goal = row.goal === undefined ? "" : `  goal ${row.goal} ${status(row.met)}`;
      lines.push(`  ${row.metric.padEnd(width)}  ${row.value.padEnd(valueWidth)}${goal}`);
    }
    for (const note of s.notes) lines.push(`  (${note})`);
  }
  return lines.join("\n");
}

interface Printable {
  mode: string;
  startedAt: string;
  seconds: number;
  machine: { nproc: number; cpu: string; node: string; redis?: string; loadAverageAtStart: number[]; memoryGiB: number };
  sections: readonly Section[];
}

export function markdownReport(report: Printable): string {
  const m = report.machine;
  const lines = [
    `Benchmarks (${report.mode} run, ${report.startedAt.slice(0, 10)}, ${report.seconds} s): ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB, ` +
      `Node ${m.node}, Redis ${m.redis ?? "?"}; load average at start ${m.loadAverageAtStart.join(" ")}.`,
  ];
  for (const s of report.sections) {
    lines.push("", `**${s.title}**`, "", "| | | goal |", "|---|---|---|");
    for (const row of s.rows) {
      const goal = row.goal === undefined ? "" : `${row.goal}${row.met === undefined ? "" : row.met ? " ✓" : " ✗"}`;
      lines.push(`| ${row.metric} | ${row.value} | ${goal} |`);
    }
    for (const note of s.notes) lines.push("", note);
  }
  return `${lines.join("\n")}\n`;
}
