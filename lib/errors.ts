// One typed error for every entry point; lib/http.ts turns it into the JSON error response.
import type { z } from 'zod';

export type ErrorCode =
  | 'invalid_request'
  | 'invalid_json'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'request_timeout'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'internal_error';

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** What was wrong, without the "Invalid request —" heading: protocols that answer in their own shape quote this. */
  get reason(): string {
    return this.fields?.length ? this.fields.map((f) => `${f.field}: ${f.message}`).join('; ') : this.message;
  }

  static invalid(message: string, fields?: FieldProblem[]) {
    return new ApiError(400, 'invalid_request', message, fields);
  }

  static fromZod(error: z.ZodError, prefix = '') {
    const name = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.') || '(body)';
    const fields = error.issues.flatMap((issue) =>
      // Name each unknown field itself rather than the object that holds it.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ field: name([...issue.path, key]), message: 'unknown field' }))
        : [{ field: name(issue.path), message: issue.message }],
    );
    const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return new ApiError(400, 'invalid_request', `Invalid request — ${summary}`, fields);
  }
}
