// Charts as SVG built here, rendered to PNG by resvg (no browser): a bar per unit, and a 12-month line of the region.
// Text is drawn with DejaVu Sans, which has the Kazakh letters (ә ғ қ ң ө ұ ү һ і).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import type { Resvg as ResvgClass } from "@resvg/resvg-js";

const FONT_FAMILY = "DejaVu Sans";
const FONT_FILES = [
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
];
const WIDTH = 1200;
const COLORS = { bar: "#2f6db5", line: "#c0392b", grid: "#e3e6ea", text: "#1d2733", muted: "#6b7785", missing: "#b0b7bf" };

export interface BarRow {
  label: string;
  /** undefined: the unit has not reported (drawn as a note, never as a zero bar). */
  value: number | undefined;
  valueText: string;
}

export interface BarChart {
  title: string;
  subtitle: string;
  rows: BarRow[];
  /** A line under the bars, e.g. "the 30 largest of 200 units". */
  footnote?: string;
}

export interface LinePoint {
  label: string;
  /** A second line under the label (the year, under January and the first month). */
  year?: string;
  value: number | undefined;
  valueText: string;
  /** Not every unit has reported this month yet: drawn hollow, and the footnote says so. */
  incomplete?: boolean;
}

export interface LineChart {
  title: string;
  subtitle: string;
  points: LinePoint[];
  /** Labels of the value axis, from the chart's own scale. */
  axisText: (value: number) => string;
  footnote?: string;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Breaks a long title into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

function text(x: number, y: number, content: string, attrs: Record<string, string | number> = {}): string {
  const extra = Object.entries(attrs)
    .map(([key, value]) => ` ${key}="${value}"`)
    .join("");
  return `<text x="${x}" y="${y}"${extra}>${escapeXml(content)}</text>`;
}

function header(title: string, subtitle: string): { svg: string; height: number } {
  const titleLines = wrap(title, 52);
  const subtitleLines = wrap(subtitle, 80);
  let y = 56;
  const parts: string[] = [];
  for (const line of titleLines) {
    parts.push(text(40, y, line, { "font-size": 32, "font-weight": "bold", fill: COLORS.text }));
    y += 42;
  }
  for (const line of subtitleLines) {
    parts.push(text(40, y, line, { "font-size": 24, fill: COLORS.muted }));
    y += 32;
  }
  return { svg: parts.join(""), height: y + 12 };
}

function document(height: number, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${Math.ceil(height)}" viewBox="0 0 ${WIDTH} ${Math.ceil(height)}"` +
    ` font-family="${FONT_FAMILY}"><rect width="100%" height="100%" fill="#ffffff"/>${body}</svg>`
  );
}

/** Horizontal bars, one per row, largest first as given; rows without a value say so in words. */
export function barChartSvg(chart: BarChart): string {
  const top = header(chart.title, chart.subtitle);
  const rowHeight = 44;
  const labelWidth = 430;
  const barLeft = 40 + labelWidth + 10;
  const barMax = WIDTH - barLeft - 190;
  const max = Math.max(0, ...chart.rows.map((row) => row.value ?? 0));
  const parts = [top.svg];
  let y = top.height + 8;
  for (const row of chart.rows) {
    const label = row.label.length > 32 ? `${row.label.slice(0, 31)}…` : row.label;
    parts.push(text(40 + labelWidth, y + 29, label, { "font-size": 24, fill: COLORS.text, "text-anchor": "end" }));
    if (row.value === undefined) {
      parts.push(text(barLeft, y + 29, row.valueText, { "font-size": 22, fill: COLORS.missing, "font-style": "italic" }));
    } else {
      const width = max > 0 ? Math.max(2, (row.value / max) * barMax) : 2;
      parts.push(`<rect x="${barLeft}" y="${y + 8}" width="${width.toFixed(1)}" height="${rowHeight - 14}" rx="4" fill="${COLORS.bar}"/>`);
      parts.push(text(barLeft + width + 10, y + 30, row.valueText, { "font-size": 22, fill: COLORS.text }));
    }
    y += rowHeight;
  }
  if (chart.footnote) {
    y += 16;
    for (const line of wrap(chart.footnote, 90)) {
      parts.push(text(40, y + 20, line, { "font-size": 20, fill: COLORS.muted }));
      y += 28;
    }
  }
  return document(y + 30, parts.join(""));
}

/** "Nice" axis steps: 1, 2 or 5 × 10^n, about five of them. */
export function niceTicks(max: number, count = 5): number[] {
  if (max <= 0) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) ticks.push(value);
  return ticks;
}

/** Width of a text in DejaVu Sans, generously (its digits are 0.636 em wide): labels placed by it never touch. */
export function textWidth(content: string, fontSize: number): number {
  return [...content].length * fontSize * 0.64;
}

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

const VALUE_FONT = 18;

/**
 * Where the value labels of a line go: above a point, or below it when that is taken, or not at all, so no two
 * labels overlap. The last point goes first, then the first, then the points where the value changes, then the rest:
 * a flat run of equal values is labelled at its ends only ("17,1 млрд" twice, not "17,1 млрд17,1 млрд…").
 */
export function placeLabels(points: readonly { x: number; y: number; text: string }[], bounds: { left: number; right: number }): { index: number; x: number; y: number; box: Box }[] {
  const order: number[] = [];
  const add = (i: number) => {
    if (i >= 0 && i < points.length && !order.includes(i)) order.push(i);
  };
  add(points.length - 1);
  add(0);
  points.forEach((point, i) => {
    if (i > 0 && point.text !== points[i - 1]!.text) add(i);
  });
  points.forEach((_, i) => add(i));
  const placed: { index: number; x: number; y: number; box: Box }[] = [];
  for (const i of order) {
    const point = points[i]!;
    // Inside a run of equal values the line says it: the run's ends carry the value.
    const inside = i > 0 && i < points.length - 1 && points[i - 1]!.text === point.text && points[i + 1]!.text === point.text;
    if (point.text === "" || inside) continue;
    const width = textWidth(point.text, VALUE_FONT);
    const x = Math.min(Math.max(point.x, bounds.left + width / 2), bounds.right - width / 2);
    for (const y of [point.y - 16, point.y + 34]) {
      const box = { left: x - width / 2 - 4, right: x + width / 2 + 4, top: y - VALUE_FONT, bottom: y + 5 };
      // Never over another label, nor over a point of the line.
      const clash = placed.some((other) => overlaps(box, other.box)) || points.some((p) => p.text !== "" && overlaps(box, { left: p.x - 8, right: p.x + 8, top: p.y - 8, bottom: p.y + 8 }));
      if (clash) continue;
      placed.push({ index: i, x, y, box });
      break;
    }
  }
  return placed.sort((a, b) => a.index - b.index);
}

/** A line of the region's total over months; months nobody reported break the line, incomplete months are hollow. */
export function lineChartSvg(chart: LineChart): string {
  const top = header(chart.title, chart.subtitle);
  const left = 150;
  const right = WIDTH - 80;
  const plotTop = top.height + 30;
  const plotBottom = plotTop + 420;
  const values = chart.points.map((point) => point.value).filter((value) => value !== undefined);
  const ticks = niceTicks(Math.max(0, ...values));
  const max = ticks.at(-1) ?? 1;
  const step = chart.points.length > 1 ? (right - left) / (chart.points.length - 1) : 0;
  const xOf = (i: number) => left + i * step;
  const yOf = (value: number) => plotBottom - (max > 0 ? (value / max) * (plotBottom - plotTop) : 0);
  const parts = [top.svg];
  for (const tick of ticks) {
    const y = yOf(tick).toFixed(1);
    parts.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="${COLORS.grid}" stroke-width="2"/>`);
    parts.push(text(left - 14, Number(y) + 8, chart.axisText(tick), { "font-size": 20, fill: COLORS.muted, "text-anchor": "end" }));
  }
  let segment: string[] = [];
  const flush = () => {
    if (segment.length > 1) parts.push(`<polyline points="${segment.join(" ")}" fill="none" stroke="${COLORS.line}" stroke-width="4"/>`);
    segment = [];
  };
  const markers: string[] = [];
  chart.points.forEach((point, i) => {
    const x = xOf(i);
    parts.push(text(x, plotBottom + 34, point.label, { "font-size": 20, fill: COLORS.text, "text-anchor": "middle" }));
    if (point.year) parts.push(text(x, plotBottom + 60, point.year, { "font-size": 18, fill: COLORS.muted, "text-anchor": "middle" }));
    if (point.value === undefined) {
      flush();
      return;
    }
    const y = yOf(point.value);
    segment.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    markers.push(
      point.incomplete
        ? `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="7" fill="#ffffff" stroke="${COLORS.line}" stroke-width="3"/>`
        : `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="7" fill="${COLORS.line}"/>`,
    );
  });
  flush();
  parts.push(...markers);
  const located = chart.points.map((point, i) => ({ x: xOf(i), y: point.value === undefined ? 0 : yOf(point.value), text: point.value === undefined ? "" : point.valueText }));
  for (const label of placeLabels(located, { left: 40, right: WIDTH - 20 })) {
    parts.push(text(label.x, label.y, located[label.index]!.text, { "font-size": VALUE_FONT, fill: COLORS.text, "text-anchor": "middle" }));
  }
  let y = plotBottom + 80;
  if (chart.footnote) {
    for (const line of wrap(chart.footnote, 90)) {
      parts.push(text(40, y + 20, line, { "font-size": 20, fill: COLORS.muted }));
      y += 28;
    }
  }
  return document(y + 30, parts.join(""));
}

const fontFiles = FONT_FILES.filter((file) => existsSync(file));

/** PNG bytes of an SVG. Uses the DejaVu files when present, else the system's fonts. */
export function renderPng(svg: string): Buffer {
  // Loaded on first use: the renderer is a native module the bot does not need to start.
  const { Resvg } = createRequire(import.meta.url)("@resvg/resvg-js") as { Resvg: typeof ResvgClass };
  const resvg = new Resvg(svg, {
    font: {
      fontFiles,
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    background: "#ffffff",
    logLevel: "off",
  });
  return resvg.render().asPng();
}
