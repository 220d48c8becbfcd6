import { nickname } from '@acct/schema';
import { z } from 'zod';
import { secondFactorField } from '../second-factor-field.ts';
import { defineRoute } from '../route.ts';

/** The entry dialect sends the password already md5-hashed: the canonical form itself. */
const loginResult = z.object({
  nickname: z.string(),
  profilePicture: z.string().describe('absolute URL, or "" when none'),
  token: z.string().describe('send it back in the Authorization header'),
  username: z.string(),
});

// Keys in the documents' order (their examples are sorted), so responses match byte for byte.
export const entryRoutes = [
  defineRoute({
    method: 'POST',
    path: '/login',
    summary:
      'Log in with the lowercase hex md5 of the password (and `code` if the account has a second factor); returns a session token',
    session: false,
    input: z.object({
      username: z.string(),
      password: z.string().describe('md5 of the UTF-8 plaintext, 32 hex characters'),
      code: secondFactorField,
    }),
    output: loginResult,
    run: async (call, { username, password, code }) => {
      const { user, token } = await call.auth.login({
        username,
        passwordMd5: password,
        via: 'token',
        ...(code === undefined ? {} : { code }),
      });
      return {
        nickname: user.nickname,
        profilePicture: user.pictureUrl ?? '',
        token: token ?? '',
        username: user.username,
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/user/update_user_info',
    summary: 'Change the nickname (any Unicode text, up to 64 characters)',
    session: true,
    input: z.object({ nickname }),
    output: z.literal(''),
    run: async (call, input) => {
      await call.account.updateProfile({ nickname: input.nickname });
      return '' as const;
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/user/update_user_profile_picture',
    summary:
      'Upload a profile picture (multipart field `file`: JPEG, PNG, WebP or GIF, up to 5 MiB)',
    session: true,
    multipart: true,
    input: z.object({ file: z.file() }),
    output: z.literal(''),
    run: async (call, input) => {
      const form = new FormData();
      form.append('file', input.file);
      await call.picture.upload(form);
      return '' as const;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/user/get_user_info',
    summary: 'The signed-in user',
    session: true,
    input: z.object({}),
    output: z.object({
      nickname: z.string(),
      profile_picture: z.string().describe('absolute URL, or "" when none'),
      username: z.string(),
    }),
    run: async (call) => {
      const user = await call.account.profile();
      return {
        nickname: user.nickname,
        profile_picture: user.pictureUrl ?? '',
        username: user.username,
      };
    },
  }),
];
