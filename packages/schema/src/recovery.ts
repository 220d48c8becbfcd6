import { z } from 'zod';
import { answer, newPassword, username } from './user.ts';

export const getQuestionInput = z.strictObject({ username });
export const getQuestionOutput = z.object({ question: z.string() });

export const checkAnswerInput = z.strictObject({
  username,
  /** Sent by mall clients; the stored question is authoritative, so it is not compared. */
  question: z.string().max(200).optional(),
  answer,
});
export const checkAnswerOutput = z.object({ token: z.string() });

export const RESET_TOKEN_MINUTES = 10;

export const resetPasswordInput = z.strictObject({
  username,
  token: z.string().min(1).max(200),
  newPassword,
});
