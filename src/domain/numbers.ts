// Parsing and formatting of figure values, one import for the rest of the project.
export { MAX_INPUT_LENGTH, parseFigureInput } from "./numberParse.ts";
export type { ParseError, ParseResult } from "./numberParse.ts";
export { NO_VALUE, formatCompact, formatFigureValue, formatNumber, formatScaled, formatShare, withPercent } from "./numberFormat.ts";
export { DEFAULT_MAX_TEXT_LENGTH, choiceLabel, parseChoice, parseText } from "./textInput.ts";
export type { ChoiceParseResult, TextParseResult } from "./textInput.ts";
