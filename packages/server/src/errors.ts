import { type ErrorCode, errorStatus, type FieldError } from '@tilts/shared';

/**
 * The one error type services throw. `fields` maps a field to a message key from
 * @tilts/shared `fieldMessage` (for example `email_taken`); the HTTP layer translates both.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, FieldError> | undefined;
  readonly retryAfterSeconds: number | undefined;
  constructor(
    code: ErrorCode,
    options: { fields?: Record<string, FieldError>; detail?: string; retryAfterSeconds?: number } = {},
  ) {
    super(options.detail ?? code);
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
  get status(): number {
    return errorStatus[this.code];
  }
}

export const notFound = () => new AppError('not_found');
export const forbidden = () => new AppError('forbidden');
