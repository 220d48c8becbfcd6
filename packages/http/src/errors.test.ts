import { AppError } from '@acct/api';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { plainEnvelope, useErrorEnvelope } from './envelope.ts';
import { HttpKindError, classifyError } from './errors.ts';

const withStatus = (statusCode: number) =>
  Object.assign(new Error('library text that must not leak'), { statusCode });

describe('classifyError', () => {
  it('keeps the status and message of a transport refusal', () => {
    expect(
      classifyError(new HttpKindError('FORBIDDEN', 403, 'Cross-site request refused')),
    ).toEqual({
      kind: 'FORBIDDEN',
      status: 403,
      message: 'Cross-site request refused',
      issues: null,
      retryAfterSeconds: null,
    });
    expect(classifyError(new HttpKindError('METHOD_NOT_ALLOWED'))).toMatchObject({
      status: 405,
      message: 'Method not allowed',
    });
  });

  it('answers a procedure failure 200 unless the table gives its kind a protocol status', () => {
    expect(classifyError(new AppError('EMAIL_TAKEN'))).toMatchObject({
      kind: 'EMAIL_TAKEN',
      status: 200,
    });
    expect(classifyError(new AppError('RATE_LIMITED', undefined, null, 7))).toMatchObject({
      kind: 'RATE_LIMITED',
      status: 429,
      retryAfterSeconds: 7,
    });
  });

  it("names Fastify's own failures by their status, in the table's words", () => {
    expect(
      [413, 415, 404, 400, 414].map((status) => {
        const { kind, message } = classifyError(withStatus(status));
        return [status, kind, message];
      }),
    ).toEqual([
      [413, 'PAYLOAD_TOO_LARGE', 'Request body too large'],
      [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type'],
      [404, 'NOT_FOUND', 'Not found'],
      [400, 'MALFORMED_REQUEST', 'Malformed request'],
      [414, 'MALFORMED_REQUEST', 'Malformed request'],
    ]);
  });

  it('makes anything else a generic 500', () => {
    for (const error of [new Error('SQLITE_BUSY at /data/acct.db'), withStatus(302)])
      expect(classifyError(error)).toMatchObject({
        kind: 'INTERNAL',
        status: 500,
        message: 'Internal server error',
      });
  });
});

describe('useErrorEnvelope', () => {
  it("answers in the face's envelope with the classified status and Retry-After", async () => {
    const app = Fastify({ logger: false });
    useErrorEnvelope(app, plainEnvelope);
    app.get('/throttled', async () => {
      throw new AppError('RATE_LIMITED', undefined, null, 30);
    });
    app.get('/broken', async () => {
      throw new Error('secret stack detail');
    });
    try {
      const throttled = await app.inject({ url: '/throttled' });
      expect(throttled.statusCode).toBe(429);
      expect(throttled.headers['retry-after']).toBe('30');
      expect(throttled.json()).toEqual({
        error: { kind: 'RATE_LIMITED', message: 'Too many attempts, try again later' },
      });
      const broken = await app.inject({ url: '/broken' });
      expect(broken.statusCode).toBe(500);
      expect(broken.body).not.toContain('secret');
    } finally {
      await app.close();
    }
  });

  // @see issue 13: a database outage wrote one error line with a stack per refused REST request.
  it('logs a server fault with its stack, and a database that cannot serve or an overload not at all', async () => {
    const lines: { level: number; msg: string }[] = [];
    const app = Fastify({
      logger: {
        level: 'info',
        stream: { write: (line: string) => void lines.push(JSON.parse(line) as never) },
      },
      disableRequestLogging: true,
    });
    useErrorEnvelope(app, plainEnvelope);
    app.get('/unavailable', async () => {
      throw new AppError('UNAVAILABLE', undefined, null, 1);
    });
    app.get('/overloaded', async () => {
      throw new AppError('OVERLOADED', undefined, null, 2);
    });
    app.get('/broken', async () => {
      throw new Error('a bug');
    });
    try {
      const unavailable = await app.inject({ url: '/unavailable' });
      expect(unavailable.statusCode).toBe(503);
      expect(unavailable.headers['retry-after']).toBe('1');
      const overloaded = await app.inject({ url: '/overloaded' });
      expect(overloaded.statusCode).toBe(503);
      expect(overloaded.headers['retry-after']).toBe('2');
      expect(overloaded.json()).toEqual({
        error: { kind: 'OVERLOADED', message: 'The service is busy; try again in a moment' },
      });
      expect(lines).toEqual([]);
      expect((await app.inject({ url: '/broken' })).statusCode).toBe(500);
      expect(lines).toMatchObject([{ level: 50, msg: 'request failed' }]);
    } finally {
      await app.close();
    }
  });
});
