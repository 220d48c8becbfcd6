import { describe, expect, it } from 'vitest';
import { errorKinds, errors, kindForHttpStatus, kindForTrpcCode } from './errors.ts';

describe('kindForTrpcCode, read off the table', () => {
  it('gives back the kind that claims each code', () => {
    for (const kind of errorKinds)
      for (const code of errors[kind].assumedFor ?? [])
        expect(kindForTrpcCode(code), code).toBe(kind);
  });

  it('turns a code into a kind that carries the same code (PARSE_ERROR, which no kind carries, aside)', () => {
    for (const kind of errorKinds) {
      const code = errors[kind].trpc;
      const assumed = kindForTrpcCode(code);
      // CONFLICT has no generic kind: a bare CONFLICT is a programming error, hence INTERNAL.
      if (assumed !== 'INTERNAL') expect(errors[assumed].trpc, kind).toBe(code);
    }
  });

  it('answers as the hand-written switch it replaced did', () => {
    expect(
      Object.fromEntries(
        [
          'BAD_REQUEST',
          'PARSE_ERROR',
          'UNAUTHORIZED',
          'FORBIDDEN',
          'NOT_FOUND',
          'CONFLICT',
          'PAYLOAD_TOO_LARGE',
          'UNSUPPORTED_MEDIA_TYPE',
          'METHOD_NOT_SUPPORTED',
          'TOO_MANY_REQUESTS',
          'INTERNAL_SERVER_ERROR',
          'TIMEOUT',
          'no such code',
        ].map((code) => [code, kindForTrpcCode(code)]),
      ),
    ).toEqual({
      BAD_REQUEST: 'INVALID_ARGUMENT',
      PARSE_ERROR: 'MALFORMED_REQUEST',
      UNAUTHORIZED: 'NOT_LOGGED_IN',
      FORBIDDEN: 'FORBIDDEN',
      NOT_FOUND: 'NOT_FOUND',
      CONFLICT: 'INTERNAL',
      PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
      UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
      METHOD_NOT_SUPPORTED: 'METHOD_NOT_ALLOWED',
      TOO_MANY_REQUESTS: 'RATE_LIMITED',
      INTERNAL_SERVER_ERROR: 'INTERNAL',
      TIMEOUT: 'INTERNAL',
      'no such code': 'INTERNAL',
    });
  });
});

describe('kindForHttpStatus, read off the table', () => {
  it('gives back the generic kind of each protocol status in the table', () => {
    const protocol = errorKinds.filter(
      (kind) => errors[kind].http !== undefined && errors[kind].assumedFor !== undefined,
    );
    expect(protocol.length).toBeGreaterThan(0);
    for (const kind of protocol) expect(kindForHttpStatus(errors[kind].http!), kind).toBe(kind);
  });

  it('calls any other client error malformed, and anything else internal', () => {
    expect(
      [400, 404, 411, 413, 414, 415, 429, 431, 500, 502, 503, 302].map((status) => [
        status,
        kindForHttpStatus(status),
      ]),
    ).toEqual([
      [400, 'MALFORMED_REQUEST'],
      [404, 'NOT_FOUND'],
      [411, 'MALFORMED_REQUEST'],
      [413, 'PAYLOAD_TOO_LARGE'],
      [414, 'MALFORMED_REQUEST'],
      [415, 'UNSUPPORTED_MEDIA_TYPE'],
      [429, 'RATE_LIMITED'],
      [431, 'MALFORMED_REQUEST'],
      [500, 'INTERNAL'],
      [502, 'INTERNAL'],
      [503, 'UNAVAILABLE'],
      [302, 'INTERNAL'],
    ]);
  });
});

describe('OVERLOADED, a refusal of its own', () => {
  it('answers 503 with the entry code clients back off on, and takes no reverse mapping over', () => {
    expect(errors.OVERLOADED).toMatchObject({
      trpc: 'SERVICE_UNAVAILABLE',
      http: 503,
      entry: errors.RATE_LIMITED.entry,
      mall: 1,
    });
    expect(kindForTrpcCode('SERVICE_UNAVAILABLE')).toBe('UNAVAILABLE');
    expect(kindForHttpStatus(503)).toBe('UNAVAILABLE');
  });
});
