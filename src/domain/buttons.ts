// What a phone shows of an inline button: Telegram cuts a long text to one line with "…", so two buttons of one
// keyboard must differ within the part that is shown, or a person cannot tell them apart.

/** Characters a full-width inline button shows on a narrow phone (360 dp) before it is cut. */
export const BUTTON_ROW_CHARS = 30;

/** The part of a button's text a person sees, in a row of `inRow` buttons (cut like Telegram, at the same width). */
export function visiblePrefix(text: string, inRow = 1): string {
  const width = Math.max(4, Math.floor(BUTTON_ROW_CHARS / Math.max(1, inRow)) - 1);
  const chars = [...text.trim()];
  return chars.length <= width + 1 ? chars.join("") : chars.slice(0, width).join("");
}

/** Pairs of buttons of one keyboard (rows of texts) that show the same text on a phone. */
export function samePrefixes(rows: readonly (readonly string[])[]): [string, string][] {
  const seen = new Map<string, string>();
  const clashes: [string, string][] = [];
  for (const row of rows) {
    for (const text of row) {
      const shown = visiblePrefix(text, row.length).toLocaleLowerCase();
      const other = seen.get(shown);
      if (other !== undefined) clashes.push([other, text]);
      else seen.set(shown, text);
    }
  }
  return clashes;
}
