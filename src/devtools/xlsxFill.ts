// Filling a spreadsheet as a person does in Excel, for tests, transcripts and the sandbox: cells set to numbers,
// text or formulas, rows inserted; the file written again by exceljs.
import ExcelJS from "exceljs";

/** A cell's new content: a number, text (numbers typed as text too), a formula, or nothing. */
export type FilledCell = number | string | { formula: string } | null;

export interface FillOptions {
  /** The sheet to fill (default: the first visible one). */
  sheet?: string;
  /** Insert an empty row before this row number first (an edited layout). */
  insertRowAt?: number;
}

export async function fillWorkbook(bytes: Buffer, cells: Readonly<Record<string, FilledCell>>, options: FillOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = options.sheet ? workbook.getWorksheet(options.sheet) : workbook.worksheets.find((ws) => ws.state === "visible");
  if (!sheet) throw new Error("fillWorkbook: no such sheet");
  if (options.insertRowAt !== undefined) sheet.spliceRows(options.insertRowAt, 0, []);
  for (const [address, value] of Object.entries(cells)) sheet.getCell(address).value = value;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Cell assignments as a transcript writes them: `C7=91337; C8="17,9 млрд"; C9==SUM(C7:C8); C10=`: a bare number
 * is a number cell, quoted text a text cell, a leading `=` a formula, nothing an empty cell.
 */
export function parseCellAssignments(text: string): Record<string, FilledCell> {
  const cells: Record<string, FilledCell> = {};
  for (const part of text.split(";").map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Z]{1,3}\d{1,7})\s*=\s*(.*)$/.exec(part);
    if (!match) throw new Error(`not a cell assignment: ${part}`);
    const [, address, raw] = match as unknown as [string, string, string];
    if (raw === "") cells[address] = null;
    else if (raw.startsWith("=")) cells[address] = { formula: raw.slice(1) };
    else if (/^".*"$/.test(raw)) cells[address] = raw.slice(1, -1);
    else if (/^-?\d+(\.\d+)?$/.test(raw)) cells[address] = Number(raw);
    else cells[address] = raw;
  }
  return cells;
}
