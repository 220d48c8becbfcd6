import { PICTURE_MAX_BYTES, uploadPictureOutput } from '@acct/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { processPicture } from '../domain/picture.ts';
import { savePicture } from '../domain/save-picture.ts';
import { fail } from '../errors.ts';
import { authedProcedure } from '../trpc.ts';

export const pictureRouter = {
  /** multipart/form-data with the picture in field `file` (FormData from the client). */
  upload: authedProcedure
    .input(z.instanceof(FormData))
    .output(uploadPictureOutput)
    .mutation(async ({ ctx, input }) => {
      const file = input.get('file');
      if (!(file instanceof Blob)) return fail('INVALID_ARGUMENT', 'Send the picture as the multipart field "file"');
      if (file.size > PICTURE_MAX_BYTES) fail('PAYLOAD_TOO_LARGE');
      const picture = await processPicture(new Uint8Array(await file.arrayBuffer()));
      return { pictureUrl: await savePicture(ctx.services, ctx.user.id, picture) };
    }),
} satisfies TRPCRouterRecord;
