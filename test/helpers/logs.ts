// What a bot process wrote that counts as a failure: pino error (50) or fatal (60) lines, and anything that looks
// like a crash on stderr.
export function errorLinesOf(output: string): string[] {
  return output.split("\n").filter((line) => /"level":(50|60)/.test(line) || /^(Error|TypeError|Unhandled)/.test(line));
}
