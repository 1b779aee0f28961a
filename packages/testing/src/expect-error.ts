/**
 * What the HTTP suites check of a refusal: its status, a JSON body and the error code in it.
 * Answers the parsed body, for the checks a case adds (details, message, request id).
 */
import { expect } from 'vitest'

/** Glam's error answer, as the suites read it. */
export interface ErrorBody<Details = unknown> {
  error: { code: string; message?: string; details?: Details; requestId?: string }
}

export async function expectError<Details = unknown>(
  res: Response,
  status: number,
  code: string,
): Promise<ErrorBody<Details>> {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await res.json()) as ErrorBody<Details>
  expect(body.error.code).toBe(code)
  return body
}
