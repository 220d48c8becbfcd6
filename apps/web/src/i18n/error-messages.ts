import type { ErrorKind } from '@acct/schema';

/**
 * The SPA's own words for each error kind. The error table's `en` and `zh` are the wire's
 * messages, and its `zh` is the mall document's wording to the letter, typos included (it says
 * 充值密码, "top up the password", for 重置密码, "reset the password"); the wire must keep it,
 * the SPA need not.
 */
export const errorMessages = {
  INVALID_ARGUMENT: { en: 'Invalid argument', zh: '参数错误' },
  WEAK_PASSWORD: {
    en: 'Password must be 8–128 characters and differ from the username',
    zh: '密码长度须为8到128个字符, 且不能与用户名相同',
  },
  COMMON_PASSWORD: {
    en: 'This password is too common; choose another',
    zh: '该密码过于常见, 请换一个',
  },
  MALFORMED_REQUEST: { en: 'Malformed request', zh: '请求格式错误' },
  PAYLOAD_TOO_LARGE: { en: 'Request body too large', zh: '请求体过大' },
  UNSUPPORTED_MEDIA_TYPE: { en: 'Unsupported media type', zh: '不支持的请求类型' },
  BAD_UPLOAD: {
    en: 'Upload a JPEG, PNG, WebP or GIF image',
    zh: '请上传JPEG、PNG、WebP或GIF格式的图片',
  },
  WRONG_CREDENTIALS: { en: 'Wrong username or password', zh: '密码错误' },
  NOT_LOGGED_IN: { en: 'Not signed in', zh: '用户未登录' },
  NO_SESSION: { en: 'Not signed in', zh: '用户未登录,无法获取用户信息' },
  NOT_ADMIN: { en: 'This account is not an administrator', zh: '不是管理员,无法登录' },
  ACCOUNT_DISABLED: { en: 'This account is disabled', zh: '该账号已被禁用' },
  LAST_ADMIN: {
    en: 'The last active administrator cannot be demoted, disabled or deleted',
    zh: '不能停用、降级或删除最后一个管理员',
  },
  FORBIDDEN: { en: 'Not allowed', zh: '无权限操作' },
  RATE_LIMITED: { en: 'Too many attempts, try again later', zh: '请求过于频繁, 请稍后再试' },
  SECOND_FACTOR_REQUIRED: {
    en: 'This account uses two-step verification: enter its code',
    zh: '该账号已开启两步验证, 请输入验证码',
  },
  WRONG_CODE: { en: 'Wrong code', zh: '验证码错误' },
  BAD_CHALLENGE: {
    en: 'This step has expired; sign in again',
    zh: '验证已过期, 请重新登录',
  },
  PASSKEY_FAILED: { en: 'The passkey could not be verified', zh: '通行密钥验证失败' },
  PASSKEY_TAKEN: { en: 'This passkey is registered already', zh: '该通行密钥已注册' },
  PASSKEY_NOT_FOUND: { en: 'No such passkey', zh: '通行密钥不存在' },
  TOTP_ALREADY_ENABLED: {
    en: 'An authenticator app is set up already',
    zh: '已设置身份验证器应用',
  },
  TOTP_NOT_ENABLED: { en: 'No authenticator app is set up', zh: '未设置身份验证器应用' },
  USER_NOT_FOUND: { en: 'No such user', zh: '用户不存在' },
  USERNAME_TAKEN: { en: 'That username is taken', zh: '用户名已存在' },
  EMAIL_TAKEN: { en: 'That email is already in use', zh: 'email已经存在, 请更换' },
  WRONG_OLD_PASSWORD: { en: 'The current password is wrong', zh: '旧密码错误' },
  WRONG_ANSWER: { en: 'Wrong answer', zh: '问题的答案错误' },
  NO_RECOVERY_QUESTION: {
    en: 'This account has no recovery question',
    zh: '该用户未设置找回密码问题',
  },
  BAD_RESET_TOKEN: {
    en: 'The reset token is invalid or expired; ask for a new one',
    zh: 'token错误, 请重新获取重置密码的token',
  },
  NOT_FOUND: { en: 'Not found', zh: '请求的资源不存在' },
  METHOD_NOT_ALLOWED: { en: 'Method not allowed', zh: '不支持的请求方法' },
  UNAVAILABLE: {
    en: 'The service is unavailable for a moment; try again shortly',
    zh: '服务暂时不可用, 请稍后再试',
  },
  OVERLOADED: { en: 'The service is busy; try again in a moment', zh: '服务繁忙, 请稍后再试' },
  INTERNAL: { en: 'Internal server error', zh: '服务器内部错误' },
} satisfies Record<ErrorKind, { en: string; zh: string }>;
