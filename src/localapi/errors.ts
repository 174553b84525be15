// Errors in the exact shape the Bot API answers with.

/** A failed call: becomes `{ ok: false, error_code, description, parameters? }` with HTTP status `code`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
    this.name = "ApiError";
  }
}

/**
 * A 400 the way the Bot API server words it: "Bad Request: " and the message with its first letter lowered,
 * unless the message is an upper-case server code such as BUTTON_DATA_INVALID (telegram-bot-api's
 * fail_query_with_error rule).
 */
export function badRequest(message: string): ApiError {
  return new ApiError(400, `Bad Request: ${lowerFirst(message)}`);
}

export function lowerFirst(message: string): string {
  const second = message[1];
  if (second !== undefined && (second === "_" || (second >= "A" && second <= "Z"))) return message;
  return message.charAt(0).toLowerCase() + message.slice(1);
}

export function tooManyRequests(retryAfter: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfter));
  return new ApiError(429, `Too Many Requests: retry after ${seconds}`, seconds);
}

export const unauthorized = (): ApiError => new ApiError(401, "Unauthorized");
export const notFound = (): ApiError => new ApiError(404, "Not Found");
export const internalError = (): ApiError => new ApiError(500, "Internal Server Error");
export const chatNotFound = (): ApiError => badRequest("chat not found");
export const queryTooOld = (): ApiError =>
  badRequest("query is too old and response timeout expired or query ID is invalid");

export interface ErrorBody {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after: number };
}

export function errorBody(error: ApiError): ErrorBody {
  const body: ErrorBody = { ok: false, error_code: error.code, description: error.description };
  if (error.retryAfter !== undefined) body.parameters = { retry_after: error.retryAfter };
  return body;
}
