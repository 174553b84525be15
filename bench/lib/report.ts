// The shape every benchmark returns: rows for the printed table, details for the JSON file, errors that fail the run.

export interface Row {
  metric: string;
  value: string;
  /** The goal from issue 7, as written there. */
  goal?: string;
  /** Whether the goal is met (never fails the run: only errors do). */
  met?: boolean;
}

export interface Section {
  id: string;
  title: string;
  rows: Row[];
  data: Record<string, unknown>;
  errors: string[];
  notes: string[];
}

export function section(id: string, title: string): Section {
  return { id, title, rows: [], data: {}, errors: [], notes: [] };
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString("en-US"),
  num: (n: number, digits = 1) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  ms: (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`,
  mib: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`,
  bytes: (bytes: number) => `${Math.round(bytes).toLocaleString("en-US")} B`,
  ratio: (n: number) => `${n.toFixed(2)}×`,
};
