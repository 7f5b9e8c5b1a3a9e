import { type ErrorCode, errorMessages, errorResponse, errorStatus } from '@tilts/shared';
import { currentLocale } from '../i18n/index.ts';

/** A refusal or failure from the API, as the server described it (message already in the user's language). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

/** Adds the non-empty parameters to a path: `withQuery('/api/x', { q: 'a', page: 2 })` → `/api/x?q=a&page=2`. */
export function withQuery(path: string, query?: QueryParams): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(errorStatus) as [ErrorCode, number][]).find(([, s]) => s === status);
  if (match) return match[0];
  return status >= 500 ? 'internal' : 'validation_failed';
}

interface RequestOptions {
  query?: QueryParams;
  json?: unknown;
  file?: Blob;
  signal?: AbortSignal;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const locale = currentLocale();
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': locale };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.file) {
    headers['Content-Type'] = options.file.type || 'application/octet-stream';
    body = options.file;
  }

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'unavailable', errorMessages[locale].unavailable);
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : undefined) as T;
  }

  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the message for the status.
  }
  const parsed = errorResponse.safeParse(payload);
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    throw new ApiRequestError(response.status, code, message, fields);
  }
  const code = codeForStatus(response.status);
  throw new ApiRequestError(response.status, code, errorMessages[locale][code]);
}

/** The Tilts API. Every call sends the interface language; errors arrive as `ApiRequestError`. */
export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    request<T>('GET', path, { query, signal }),
  post: <T>(path: string, json: unknown = {}) => request<T>('POST', path, { json }),
  put: <T>(path: string, json: unknown) => request<T>('PUT', path, { json }),
  patch: <T>(path: string, json: unknown) => request<T>('PATCH', path, { json }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  putFile: <T>(path: string, file: Blob) => request<T>('PUT', path, { file }),
  postFile: <T>(path: string, file: Blob, query?: QueryParams) => request<T>('POST', path, { file, query }),
};

/** The words to show for any error: the server's own message, or a generic one in the current language. */
export function errorText(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  return errorMessages[currentLocale()].internal;
}
