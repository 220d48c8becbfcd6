import { fail } from '@acct/api';
import {
  type SessionUser,
  changePasswordInput,
  checkAnswerInput,
  email,
  getQuestionInput,
  givenPassword,
  newPassword,
  phone,
  registerInput,
  resetPasswordInput,
  role,
  sessionUser,
  username,
} from '@acct/schema';
import { z } from 'zod';
import { defineRoute } from '../route.ts';
import { secondFactorField } from '../second-factor-field.ts';
import { emptyToUndefined, orEmpty } from './input.ts';
import { mallMessages as msg } from './messages.ts';

// Every input field is the schema the procedures validate with, so the reference shows the real
// constraints. Objects are not strict: a field the document does not name is dropped, not refused.

/** The part of a session user the mall document returns, keys in its order. */
const mallSessionUser = sessionUser
  .pick({ id: true, username: true, email: true, phone: true, role: true })
  .extend({ role: role.describe('0 customer, 1 admin') });
const toMallSessionUser = (u: SessionUser): z.output<typeof mallSessionUser> => ({
  id: u.id,
  username: u.username,
  email: u.email,
  phone: u.phone,
  role: u.role,
});

const credentials = z.object({ username, password: givenPassword, code: secondFactorField });
/** The procedures' login input: a code left out (or empty) is not sent at all. */
const loginOf = ({ code, ...rest }: z.output<typeof credentials>) => ({
  ...rest,
  ...(code === undefined ? {} : { code }),
  via: 'cookie' as const,
});
export const mallRoutes = [
  defineRoute({
    method: 'POST',
    path: '/user/login',
    summary:
      'Log in (with `code` too if the account has a second factor); the session is kept in an HttpOnly cookie',
    session: false,
    message: msg.login,
    input: credentials,
    output: mallSessionUser,
    run: async (call, input) => toMallSessionUser((await call.auth.login(loginOf(input))).user),
  }),
  defineRoute({
    method: 'POST',
    path: '/manage/user/login',
    summary:
      'Administrator login (role 1 only; with `code` too if the account has a second factor)',
    session: false,
    message: msg.login,
    input: credentials,
    output: mallSessionUser,
    run: async (call, input) =>
      toMallSessionUser((await call.auth.adminLogin(loginOf(input))).user),
  }),
  defineRoute({
    method: 'POST',
    path: '/user/register',
    summary: 'Create an account',
    session: false,
    message: msg.register,
    input: z.object({ ...registerInput.shape, phone: orEmpty(phone).optional() }),
    output: z.object({
      createTime: z.iso.datetime(),
      updateTime: z.iso.datetime(),
      id: z.number().int(),
      username: z.string(),
      email: z.string(),
      question: z.string(),
      answer: z.string().describe('the answer as just sent; never read back from storage'),
      role: z.number().int(),
    }),
    run: async (call, input) => {
      const user = await call.account.register({ ...input, phone: emptyToUndefined(input.phone) });
      return {
        createTime: user.createdAt,
        updateTime: user.updatedAt,
        id: user.id,
        username: user.username,
        email: user.email ?? input.email,
        question: user.question ?? input.question,
        answer: input.answer,
        role: user.role,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/user/checkValid/:type/:value',
    summary: 'Whether a username or email is free (success) or taken (status 1)',
    session: false,
    message: (input) => (input.type === 'email' ? msg.emailFree : msg.usernameFree),
    input: z.object({ type: z.enum(['username', 'email']), value: z.union([username, email]) }),
    output: z.null(),
    run: async (call, input) => {
      const { available } = await call.account.checkAvailability({
        type: input.type,
        value: input.value,
      });
      if (!available) fail(input.type === 'email' ? 'EMAIL_TAKEN' : 'USERNAME_TAKEN');
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/user/getUserSession',
    summary: 'The signed-in user, from the session cookie',
    session: true,
    message: msg.session,
    input: z.object({}),
    output: mallSessionUser,
    run: async (call) => toMallSessionUser((await call.auth.session()) ?? fail('NO_SESSION')),
  }),
  defineRoute({
    method: 'GET',
    path: '/user/forgetGetQuestion/:username',
    summary: 'The security question of an account',
    session: false,
    message: null,
    input: z.object(getQuestionInput.shape),
    output: z.object({ question: z.string() }),
    run: (call, input) => call.recovery.getQuestion(input),
  }),
  defineRoute({
    method: 'POST',
    path: '/user/forgetCheckAnswer',
    summary: 'Check the answer; returns a single-use reset token valid for 10 minutes',
    session: false,
    message: msg.answerRight,
    input: z.object({
      ...checkAnswerInput.shape,
      question: checkAnswerInput.shape.question.describe('not compared: the stored one counts'),
    }),
    output: z.object({ token: z.string() }),
    run: (call, input) => call.recovery.checkAnswer(input),
  }),
  defineRoute({
    method: 'PUT',
    path: '/user/forgetRestPassword',
    summary: 'Set a new password with the reset token; every session of the account ends',
    session: false,
    message: msg.passwordChanged,
    // `paswordNew` is the document's spelling, which its clients send; `passwordNew` is accepted too.
    input: z.object({
      username,
      forgetToken: resetPasswordInput.shape.token.describe('the token from forgetCheckAnswer'),
      paswordNew: newPassword.optional(),
      passwordNew: newPassword.optional(),
    }),
    output: z.null(),
    run: async (call, input) => {
      const newPassword =
        input.paswordNew ?? input.passwordNew ?? fail('INVALID_ARGUMENT', 'paswordNew is required');
      await call.recovery.resetPassword({
        username: input.username,
        token: input.forgetToken,
        newPassword,
      });
      return null;
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/user/resetPassword',
    summary: 'Change the password (needs the current one); other sessions end',
    session: true,
    message: msg.passwordChanged,
    input: z.object({
      passwordOld: changePasswordInput.shape.oldPassword,
      passwordNew: changePasswordInput.shape.newPassword,
    }),
    output: z.null(),
    run: async (call, input) => {
      await call.account.changePassword({
        oldPassword: input.passwordOld,
        newPassword: input.passwordNew,
      });
      return null;
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/user/updateUserInfo',
    summary: 'Change email and/or phone (other fields are ignored)',
    session: true,
    message: msg.profileUpdated,
    input: z.object({ email: orEmpty(email).optional(), phone: orEmpty(phone).optional() }),
    output: z.object({
      id: z.number().int(),
      username: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    }),
    run: async (call, input) => {
      const user = await call.account.updateProfile({
        email: emptyToUndefined(input.email),
        phone: emptyToUndefined(input.phone),
      });
      return { id: user.id, username: user.username, email: user.email, phone: user.phone };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/user/getUserInfo',
    summary: 'The signed-in user in detail',
    session: true,
    message: null,
    input: z.object({}),
    output: z.object({
      id: z.number().int(),
      username: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      question: z.string().nullable(),
    }),
    run: async (call) => {
      const user = await call.account.profile();
      return {
        id: user.id,
        username: user.username,
        email: user.email,
        phone: user.phone,
        question: user.question,
      };
    },
  }),
];
