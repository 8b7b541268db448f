/**
 * Turns a v2 JSON answer into either a plain object or a BillinkError. Billink has two answer
 * families (status/message with real HTTP codes; result/code with HTTP 200 for everything) plus
 * Create Session's own shapes, so HTTP 200 alone never means success:
 * failure = HTTP >= 400, `status: "error"`, `error_backend`, `result` other than "MSG", an `error`
 * object, or a body reporting `http_status_code` >= 400.
 */
import { BillinkError } from './errors.js';
import type { EndpointName } from './endpoints.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Text or number as text (Billink sends codes both ways); undefined otherwise. */
export function stringish(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function interpretJson(
  operation: EndpointName,
  httpStatus: number,
  text: string,
): JsonObject {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!isJsonObject(body)) {
    // An HTML error page from a gateway is an HTTP failure, not a Billink answer.
    if (httpStatus >= 400) throw httpError(operation, httpStatus, `HTTP ${httpStatus}`);
    throw new BillinkError({
      code: 'malformed_response',
      description: 'answer is not a JSON object',
      operation,
      httpStatus,
    });
  }

  const failure = describeFailure(body, httpStatus);
  if (failure) {
    throw new BillinkError({
      code: failure.code,
      description: failure.description,
      operation,
      httpStatus,
    });
  }
  return body;
}

function httpError(operation: EndpointName, httpStatus: number, description: string): BillinkError {
  return new BillinkError({ code: `http_${httpStatus}`, description, operation, httpStatus });
}

interface Failure {
  code: string;
  description: string;
}

function describeFailure(body: JsonObject, httpStatus: number): Failure | undefined {
  const error = isJsonObject(body.error) ? body.error : undefined;
  const backend = body.error_backend;
  const bodyHttpStatus = typeof body.http_status_code === 'number' ? body.http_status_code : 0;
  const failed =
    httpStatus >= 400 ||
    body.status === 'error' ||
    backend !== undefined ||
    error !== undefined ||
    (body.result !== undefined && body.result !== 'MSG') ||
    bodyHttpStatus >= 400;
  if (!failed) return undefined;

  const description =
    stringish(error?.description) ??
    stringish(error?.message) ??
    backendMessage(backend) ??
    (bodyHttpStatus >= 400
      ? httpBodyMessage(body.http_body, body.http_body_encoding)
      : undefined) ??
    stringish(body.message) ??
    stringish(body.description) ??
    (httpStatus >= 400 ? `HTTP ${httpStatus}` : 'Billink reported an error');

  const errorCode = stringish(error?.code);
  const code =
    errorCode ??
    (httpStatus >= 400
      ? `http_${httpStatus}`
      : bodyHttpStatus >= 400
        ? `http_${bodyHttpStatus}`
        : (stringish(body.code) ?? 'api_error'));
  return { code, description };
}

/**
 * `error_backend` wraps the upstream answer: an object with `message`, or `{http_body}` where the
 * body is an object with `message`, a JSON string holding `message`, or plain text.
 */
function backendMessage(backend: unknown): string | undefined {
  if (backend === undefined || backend === null) return undefined;
  if (typeof backend === 'string') return parsedMessage(backend) ?? backend;
  if (!isJsonObject(backend)) return undefined;
  return (
    stringish(backend.message) ??
    httpBodyMessage(backend.http_body, backend.http_body_encoding) ??
    stringish(backend.description)
  );
}

function httpBodyMessage(httpBody: unknown, encoding: unknown): string | undefined {
  if (isJsonObject(httpBody)) return stringish(httpBody.message) ?? stringish(httpBody.description);
  if (typeof httpBody !== 'string') return undefined;
  let text = httpBody;
  if (typeof encoding === 'string' && encoding.toLowerCase() === 'base64') {
    text = decodeBase64(httpBody) ?? httpBody;
  }
  return parsedMessage(text) ?? (text.trim() === '' ? undefined : text);
}

function parsedMessage(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed)
      ? (stringish(parsed.message) ?? stringish(parsed.description))
      : undefined;
  } catch {
    return undefined;
  }
}

function decodeBase64(text: string): string | undefined {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
