import type { Services } from '../services.ts';
import type { ProcessedPicture } from './picture.ts';

/** Stores a processed picture as the user's current one and deletes the one it replaced. */
export async function savePicture(services: Services, userId: number, picture: ProcessedPicture): Promise<string> {
  const { pictures, repo } = services;
  const name = pictures.nameFor(userId, picture.data);
  await pictures.write(name, picture.data);
  const replaced = await repo.pictures.replace({
    name,
    userId,
    bytes: picture.data.byteLength,
    width: picture.width,
    height: picture.height,
    createdAt: services.now(),
  });
  await pictures.remove(replaced);
  return pictures.urlFor(name);
}
