import { PICTURE_MAX_BYTES, uploadPictureOutput } from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { audit } from '../domain/audit.ts';
import { processPicture } from '../domain/picture.ts';
import { savePicture } from '../domain/save-picture.ts';
import { spendAllowance } from '../domain/throttle.ts';
import { AppError, fail } from '../errors.ts';
import { authedProcedure } from '../trpc.ts';

export const pictureRouter = {
  /** multipart/form-data with the picture in field `file` (FormData from the client). */
  upload: authedProcedure
    .input(z.instanceof(FormData))
    .output(uploadPictureOutput)
    .mutation(async ({ ctx, input }) => {
      const file = input.get('file');
      if (!(file instanceof Blob))
        return fail('INVALID_ARGUMENT', 'Send the picture as the multipart field "file"');
      if (file.size > PICTURE_MAX_BYTES) fail('PAYLOAD_TOO_LARGE');
      // Bounds the replaced files a user can pile up before the sweep (ASVS 12.1.3).
      await spendAllowance(ctx.services, ctx.client, 'upload', ctx.user.id);
      const picture = await processPicture(new Uint8Array(await file.arrayBuffer())).catch(
        async (error: unknown) => {
          // A refused file is a security event (ASVS 7.1.3): someone may be probing the decoder.
          if (error instanceof AppError && error.kind === 'BAD_UPLOAD') {
            await audit(ctx.services, ctx.client, {
              kind: 'picture_upload',
              outcome: 'refused',
              userId: ctx.user.id,
            });
          }
          throw error;
        },
      );
      return { pictureUrl: await savePicture(ctx.services, ctx.user.id, picture) };
    }),
} satisfies TRPCRouterRecord;
