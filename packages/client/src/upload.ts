import type { RouterOutputs } from '@acct/api';
import { TRPCClientError } from '@trpc/client';

type UploadResult = RouterOutputs['picture']['upload'];

/**
 * `picture.upload` with upload progress, for browsers: fetch cannot report upload progress,
 * so this sends the same tRPC request through XMLHttpRequest. Failures are the same
 * TRPCClientError the typed client throws, so `errorKind()` reads them alike.
 */
export function uploadPicture(
  url: string,
  form: FormData,
  onProgress?: (fraction: number) => void,
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${url.replace(/\/+$/, '')}/trpc/picture.upload`);
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    });
    xhr.addEventListener('load', () => {
      const body = xhr.response as { result?: { data: UploadResult }; error?: unknown } | null;
      if (body?.result) resolve(body.result.data);
      else
        reject(
          TRPCClientError.from(body?.error ? (body as never) : new Error(`HTTP ${xhr.status}`)),
        );
    });
    xhr.addEventListener('error', () => reject(TRPCClientError.from(new Error('Network error'))));
    xhr.send(form);
  });
}
