/**
 * THE error table. Every face translates a kind from here and nowhere else:
 * tRPC puts `kind` in `error.data.kind` with `trpc` as its code, the entry dialect
 * answers `entry` as its `code`, the mall dialect answers `mall` as its `status`
 * with `zh` as its `msg`. The SPA shows `en` or `zh`.
 *
 * `http` is set only for protocol-level failures: the REST dialects answer
 * documented business outcomes with HTTP 200 (as the originals do) and these with
 * the given status, still inside the dialect's envelope.
 *
 * The reverse maps (a bare tRPC code or an HTTP status to its kind) are read off the
 * `assumedFor` and `http` columns below, never written out by hand; a kind without
 * `assumedFor` claims neither.
 */

/** Entry-dialect codes: one number per failure category (0 is success). */
export const entryCodes = {
  INVALID_PARAMETER: 1,
  WRONG_CREDENTIALS: 2,
  NOT_LOGGED_IN: 3,
  NOT_FOUND: 4,
  CONFLICT: 5,
  RATE_LIMITED: 6,
  BAD_UPLOAD: 7,
  FORBIDDEN: 8,
  INTERNAL: 9,
  /** The account has a second factor and the login sent no code (see docs/rest.md). */
  SECOND_FACTOR: 10,
} as const;

/** Mall-dialect statuses, as that API's reference implementation uses them. */
export const mallStatus = {
  SUCCESS: 0,
  ERROR: 1,
  ILLEGAL_ARGUMENT: 2,
  NEED_LOGIN: 10,
  NO_PERMISSION: 20,
} as const;

type TrpcCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_SUPPORTED'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** tRPC codes that can arrive without a kind (tRPC's own parser adds PARSE_ERROR). */
type BareTrpcCode = TrpcCode | 'PARSE_ERROR';

export interface ErrorSpec {
  trpc: TrpcCode;
  entry: (typeof entryCodes)[keyof typeof entryCodes];
  mall: (typeof mallStatus)[keyof typeof mallStatus];
  /** HTTP status for protocol-level failures; business outcomes answer 200. */
  http?: number;
  /**
   * The tRPC codes that mean this kind when an error carries none (a zod failure, tRPC's own
   * parser, an adapter). Each code is claimed by one kind at most; unclaimed codes are INTERNAL.
   */
  assumedFor?: readonly BareTrpcCode[];
  zh: string;
  en: string;
}

// Keys must be SCREAMING_SNAKE so that a typo cannot become a new kind silently.
const defineErrors = <
  const T extends { [K in keyof T]: K extends Uppercase<K & string> ? ErrorSpec : never },
>(
  table: T,
): T => table;

const E = entryCodes;
const M = mallStatus;

const table = defineErrors({
  // --- bad input ---------------------------------------------------------------
  INVALID_ARGUMENT: {
    trpc: 'BAD_REQUEST',
    assumedFor: ['BAD_REQUEST'],
    entry: E.INVALID_PARAMETER,
    mall: M.ILLEGAL_ARGUMENT,
    zh: '参数错误',
    en: 'Invalid argument',
  },
  WEAK_PASSWORD: {
    trpc: 'BAD_REQUEST',
    entry: E.INVALID_PARAMETER,
    mall: M.ILLEGAL_ARGUMENT,
    zh: '密码长度须为8到128个字符, 且不能与用户名相同',
    en: 'Password must be 8–128 characters and differ from the username',
  },
  COMMON_PASSWORD: {
    trpc: 'BAD_REQUEST',
    entry: E.INVALID_PARAMETER,
    mall: M.ILLEGAL_ARGUMENT,
    zh: '该密码过于常见, 请换一个',
    en: 'This password is too common; choose another',
  },
  MALFORMED_REQUEST: {
    trpc: 'BAD_REQUEST',
    assumedFor: ['PARSE_ERROR'],
    entry: E.INVALID_PARAMETER,
    mall: M.ILLEGAL_ARGUMENT,
    http: 400,
    zh: '请求格式错误',
    en: 'Malformed request',
  },
  PAYLOAD_TOO_LARGE: {
    trpc: 'PAYLOAD_TOO_LARGE',
    assumedFor: ['PAYLOAD_TOO_LARGE'],
    entry: E.BAD_UPLOAD,
    mall: M.ILLEGAL_ARGUMENT,
    http: 413,
    zh: '请求体过大',
    en: 'Request body too large',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    trpc: 'UNSUPPORTED_MEDIA_TYPE',
    assumedFor: ['UNSUPPORTED_MEDIA_TYPE'],
    entry: E.INVALID_PARAMETER,
    mall: M.ILLEGAL_ARGUMENT,
    http: 415,
    zh: '不支持的请求类型',
    en: 'Unsupported media type',
  },
  BAD_UPLOAD: {
    trpc: 'BAD_REQUEST',
    entry: E.BAD_UPLOAD,
    mall: M.ILLEGAL_ARGUMENT,
    zh: '请上传JPEG、PNG、WebP或GIF格式的图片',
    en: 'Upload a JPEG, PNG, WebP or GIF image',
  },
  // --- who is calling -------------------------------------------------------------
  // One kind for an unknown user and a wrong password: the reply must not tell them apart.
  WRONG_CREDENTIALS: {
    trpc: 'UNAUTHORIZED',
    entry: E.WRONG_CREDENTIALS,
    mall: M.ERROR,
    zh: '密码错误',
    en: 'Wrong username or password',
  },
  NOT_LOGGED_IN: {
    trpc: 'UNAUTHORIZED',
    assumedFor: ['UNAUTHORIZED'],
    entry: E.NOT_LOGGED_IN,
    mall: M.NEED_LOGIN,
    zh: '用户未登录',
    en: 'Not signed in',
  },
  // mall getUserSession documents its own status and message for "no session".
  NO_SESSION: {
    trpc: 'UNAUTHORIZED',
    entry: E.NOT_LOGGED_IN,
    mall: M.ERROR,
    zh: '用户未登录,无法获取用户信息',
    en: 'Not signed in',
  },
  NOT_ADMIN: {
    trpc: 'FORBIDDEN',
    entry: E.FORBIDDEN,
    mall: M.ERROR,
    zh: '不是管理员,无法登录',
    en: 'This account is not an administrator',
  },
  ACCOUNT_DISABLED: {
    trpc: 'FORBIDDEN',
    entry: E.FORBIDDEN,
    mall: M.ERROR,
    zh: '该账号已被禁用',
    en: 'This account is disabled',
  },
  LAST_ADMIN: {
    trpc: 'CONFLICT',
    entry: E.CONFLICT,
    mall: M.ERROR,
    zh: '不能停用、降级或删除最后一个管理员',
    en: 'The last active administrator cannot be demoted, disabled or deleted',
  },
  FORBIDDEN: {
    trpc: 'FORBIDDEN',
    assumedFor: ['FORBIDDEN'],
    entry: E.FORBIDDEN,
    mall: M.NO_PERMISSION,
    zh: '无权限操作',
    en: 'Not allowed',
  },
  RATE_LIMITED: {
    trpc: 'TOO_MANY_REQUESTS',
    assumedFor: ['TOO_MANY_REQUESTS'],
    entry: E.RATE_LIMITED,
    mall: M.ERROR,
    http: 429,
    zh: '请求过于频繁, 请稍后再试',
    en: 'Too many attempts, try again later',
  },
  // --- second factors ---------------------------------------------------------------
  /** The password was right; the account also needs a code (a one-step login sent none). */
  SECOND_FACTOR_REQUIRED: {
    trpc: 'UNAUTHORIZED',
    entry: E.SECOND_FACTOR,
    mall: M.ERROR,
    zh: '该账号已开启两步验证, 请同时提供验证码(code)',
    en: 'This account uses two-step verification: send its code as well',
  },
  WRONG_CODE: {
    trpc: 'UNAUTHORIZED',
    entry: E.WRONG_CREDENTIALS,
    mall: M.ERROR,
    zh: '验证码错误',
    en: 'Wrong code',
  },
  /** A sign-in step or passkey ceremony that is unknown, expired or spent. */
  BAD_CHALLENGE: {
    trpc: 'UNAUTHORIZED',
    entry: E.NOT_LOGGED_IN,
    mall: M.ERROR,
    zh: '验证已过期, 请重新登录',
    en: 'This step has expired; start again',
  },
  PASSKEY_FAILED: {
    trpc: 'UNAUTHORIZED',
    entry: E.WRONG_CREDENTIALS,
    mall: M.ERROR,
    zh: '通行密钥验证失败',
    en: 'The passkey could not be verified',
  },
  PASSKEY_TAKEN: {
    trpc: 'CONFLICT',
    entry: E.CONFLICT,
    mall: M.ERROR,
    zh: '该通行密钥已注册',
    en: 'This passkey is registered already',
  },
  PASSKEY_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    entry: E.NOT_FOUND,
    mall: M.ERROR,
    zh: '通行密钥不存在',
    en: 'No such passkey',
  },
  TOTP_ALREADY_ENABLED: {
    trpc: 'CONFLICT',
    entry: E.CONFLICT,
    mall: M.ERROR,
    zh: '已设置身份验证器应用',
    en: 'An authenticator app is set up already',
  },
  TOTP_NOT_ENABLED: {
    trpc: 'NOT_FOUND',
    entry: E.NOT_FOUND,
    mall: M.ERROR,
    zh: '未设置身份验证器应用',
    en: 'No authenticator app is set up',
  },
  // --- accounts ---------------------------------------------------------------------
  USER_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    entry: E.NOT_FOUND,
    mall: M.ERROR,
    zh: '用户不存在',
    en: 'No such user',
  },
  USERNAME_TAKEN: {
    trpc: 'CONFLICT',
    entry: E.CONFLICT,
    mall: M.ERROR,
    zh: '用户名已存在',
    en: 'That username is taken',
  },
  EMAIL_TAKEN: {
    trpc: 'CONFLICT',
    entry: E.CONFLICT,
    mall: M.ERROR,
    zh: 'email已经存在, 请更换',
    en: 'That email is already in use',
  },
  WRONG_OLD_PASSWORD: {
    trpc: 'BAD_REQUEST',
    entry: E.WRONG_CREDENTIALS,
    mall: M.ERROR,
    zh: '旧密码错误',
    en: 'The current password is wrong',
  },
  // --- recovery ---------------------------------------------------------------------
  WRONG_ANSWER: {
    trpc: 'BAD_REQUEST',
    entry: E.WRONG_CREDENTIALS,
    mall: M.ERROR,
    zh: '问题的答案错误',
    en: 'Wrong answer',
  },
  NO_RECOVERY_QUESTION: {
    trpc: 'NOT_FOUND',
    entry: E.NOT_FOUND,
    mall: M.ERROR,
    zh: '该用户未设置找回密码问题',
    en: 'This account has no recovery question',
  },
  BAD_RESET_TOKEN: {
    trpc: 'BAD_REQUEST',
    entry: E.INVALID_PARAMETER,
    mall: M.ERROR,
    zh: 'token错误, 请重新获取充值密码的token',
    en: 'The reset token is invalid or expired; ask for a new one',
  },
  // --- routing ------------------------------------------------------------------------
  NOT_FOUND: {
    trpc: 'NOT_FOUND',
    assumedFor: ['NOT_FOUND'],
    entry: E.NOT_FOUND,
    mall: M.ERROR,
    http: 404,
    zh: '请求的资源不存在',
    en: 'Not found',
  },
  METHOD_NOT_ALLOWED: {
    trpc: 'METHOD_NOT_SUPPORTED',
    assumedFor: ['METHOD_NOT_SUPPORTED'],
    entry: E.INVALID_PARAMETER,
    mall: M.ERROR,
    http: 405,
    zh: '不支持的请求方法',
    en: 'Method not allowed',
  },
  // --- anything else ------------------------------------------------------------------
  /** The database cannot be reached or cannot serve now (restarting, overloaded): retry soon. */
  UNAVAILABLE: {
    trpc: 'SERVICE_UNAVAILABLE',
    assumedFor: ['SERVICE_UNAVAILABLE'],
    entry: E.INTERNAL,
    mall: M.ERROR,
    http: 503,
    zh: '服务暂时不可用, 请稍后再试',
    en: 'The service is unavailable for a moment; try again shortly',
  },
  /**
   * More password work is queued than the cores finish within the budget (about a second):
   * refused at once, before any change, rather than answered after the client gave up. Entry
   * clients already back off on 6. Claims neither SERVICE_UNAVAILABLE nor 503 back: a bare one
   * is still UNAVAILABLE.
   */
  OVERLOADED: {
    trpc: 'SERVICE_UNAVAILABLE',
    entry: E.RATE_LIMITED,
    mall: M.ERROR,
    http: 503,
    zh: '服务繁忙, 请稍后再试',
    en: 'The service is busy; try again in a moment',
  },
  INTERNAL: {
    trpc: 'INTERNAL_SERVER_ERROR',
    assumedFor: ['INTERNAL_SERVER_ERROR'],
    entry: E.INTERNAL,
    mall: M.ERROR,
    http: 500,
    zh: '服务器内部错误',
    en: 'Internal server error',
  },
});

export type ErrorKind = keyof typeof table;
export const errors: Readonly<Record<ErrorKind, ErrorSpec>> = table;
export const errorKinds = Object.keys(errors) as ErrorKind[];

export const isErrorKind = (value: unknown): value is ErrorKind =>
  typeof value === 'string' && Object.hasOwn(errors, value);

/** Indexes the table by one of its columns; a value two kinds claim is a mistake in the table. */
function indexBy<K>(column: (spec: ErrorSpec) => readonly K[]): ReadonlyMap<K, ErrorKind> {
  const index = new Map<K, ErrorKind>();
  for (const kind of errorKinds) {
    for (const key of column(errors[kind])) {
      const other = index.get(key);
      if (other) throw new Error(`errors: ${String(key)} is claimed by both ${other} and ${kind}`);
      index.set(key, kind);
    }
  }
  return index;
}

const kindByTrpcCode = indexBy<string>((spec) => spec.assumedFor ?? []);
// Only a kind that stands for its tRPC code stands for its status too: a specific kind that
// shares a status with a generic one (OVERLOADED's 503, UNAVAILABLE's) is sent, never assumed.
const kindByHttpStatus = indexBy<number>((spec) =>
  spec.http === undefined || spec.assumedFor === undefined ? [] : [spec.http],
);

/** The kind a face should assume when a tRPC error carries none (e.g. zod or adapter errors). */
export const kindForTrpcCode = (code: string): ErrorKind => kindByTrpcCode.get(code) ?? 'INTERNAL';

/**
 * The kind of a failure that only has an HTTP status (Fastify's own: body parsing, limits).
 * A client error the table does not name is a malformed request; anything else is internal.
 */
export const kindForHttpStatus = (status: number): ErrorKind =>
  kindByHttpStatus.get(status) ??
  (status >= 400 && status < 500 ? 'MALFORMED_REQUEST' : 'INTERNAL');
