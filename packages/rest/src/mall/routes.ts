import { type RouterOutputs, fail } from '@acct/api';
import { z } from 'zod';
import { defineRoute } from '../route.ts';
import { emptyToUndefined } from './input.ts';
import { mallMessages as msg } from './messages.ts';

const text = (description: string) => z.string().describe(description);
const optionalText = (description: string) => z.string().optional().describe(description);

const sessionUser = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.number().int().describe('0 customer, 1 admin'),
});
type SessionUser = RouterOutputs['auth']['login']['user'];
// Keys in the document's order.
const toSessionUser = (u: SessionUser) => ({
  id: u.id,
  username: u.username,
  email: u.email,
  phone: u.phone,
  role: u.role,
});

const credentials = z.object({ username: text('username'), password: text('plaintext password') });

export const mallRoutes = [
  defineRoute({
    method: 'POST',
    path: '/user/login',
    summary: 'Log in; the session is kept in an HttpOnly cookie',
    session: false,
    message: msg.login,
    input: credentials,
    output: sessionUser,
    run: async (call, input) =>
      toSessionUser((await call.auth.login({ ...input, via: 'cookie' })).user),
  }),
  defineRoute({
    method: 'POST',
    path: '/manage/user/login',
    summary: 'Administrator login (role 1 only)',
    session: false,
    message: msg.login,
    input: credentials,
    output: sessionUser,
    run: async (call, input) =>
      toSessionUser((await call.auth.adminLogin({ ...input, via: 'cookie' })).user),
  }),
  defineRoute({
    method: 'POST',
    path: '/user/register',
    summary: 'Create an account',
    session: false,
    message: msg.register,
    input: z.object({
      username: text('3–32 of letters, digits, _ . -'),
      password: text('8–128 characters, not the username'),
      email: text('email address'),
      phone: optionalText('phone number'),
      question: text('security question'),
      answer: text('its answer (stored hashed)'),
    }),
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
    input: z.object({ type: z.enum(['username', 'email']), value: text('the value to check') }),
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
    output: sessionUser,
    run: async (call) => toSessionUser((await call.auth.session()) ?? fail('NO_SESSION')),
  }),
  defineRoute({
    method: 'GET',
    path: '/user/forgetGetQuestion/:username',
    summary: 'The security question of an account',
    session: false,
    message: null,
    input: z.object({ username: text('username') }),
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
      username: text('username'),
      question: optionalText('the question (not compared)'),
      answer: text('the answer'),
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
      username: text('username'),
      forgetToken: text('token from forgetCheckAnswer'),
      paswordNew: optionalText('new password (the documented spelling)'),
      passwordNew: optionalText('new password'),
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
    input: z.object({ passwordOld: text('current password'), passwordNew: text('new password') }),
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
    input: z.object({ email: optionalText('new email'), phone: optionalText('new phone') }),
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
