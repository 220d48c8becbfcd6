import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, type Client, audit, createAccount } from '@acct/api';
import { BackupError, backupDatabase } from '@acct/db/sqlite';
import { ROLE_ADMIN, ROLE_CUSTOMER, errors } from '@acct/schema';
import { databaseFile } from './data-dir.ts';
import { describeDatabase, openDatabase } from './database.ts';
import { openServices } from './services.ts';
import { ConfigError, parseEnv } from './env.ts';
import { serve } from './main.ts';
import { seed } from './seed.ts';

const usage = `Usage: pnpm cli <command>

  serve [--start-empty]                       apply migrations, then serve (PORT, HOST, DATA_DIR, …)
  migrate [--start-empty]                     apply pending migrations to DATA_DIR/acct.db
  user:add --username U --password P [--admin]  create an account; prints its id
  user:reset-factors --username U             remove an account's TOTP, recovery codes and passkeys
                                              (an administrator who lost their device; audited)
  seed --users N                              fill the database with N test accounts (resumable; see src/seed.ts)
  backup --out FILE                           an online, consistent copy of DATA_DIR/acct.db into the new FILE
                                              (never overwrites; secret.key is backed up apart, docs/operations.md)

  --start-empty   create an empty database although DATA_DIR shows it held one (its acct.db is
                  missing or empty beside secret.key or pictures); for this run only
`;

/** serve and migrate may create the database; --start-empty lets them do so where one was lost. */
const startFlags = (args: string[]) =>
  parseArgs({ args, options: { 'start-empty': { type: 'boolean', default: false } }, strict: true })
    .values['start-empty'];

async function userAdd(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      admin: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.username || !values.password)
    throw new UsageError('user:add needs --username and --password');
  // No credential cache in a one-shot process.
  const services = await openServices({ ...parseEnv(), credentialCacheSize: 0 }, warn);
  try {
    const user = await createAccount(services, {
      username: values.username,
      password: values.password,
      role: values.admin ? ROLE_ADMIN : ROLE_CUSTOMER,
    });
    process.stdout.write(`${user.id}\n`);
  } finally {
    await services.repo.close();
  }
}

/** The way back in for an operator when no administrator can sign in to reset it in the console. */
async function userResetFactors(args: string[]) {
  const { values } = parseArgs({ args, options: { username: { type: 'string' } }, strict: true });
  if (!values.username) throw new UsageError('user:reset-factors needs --username');
  const services = await openServices({ ...parseEnv(), credentialCacheSize: 0 }, warn);
  try {
    const user = await services.repo.users.byUsername(values.username);
    if (!user) throw new AppError('USER_NOT_FOUND');
    const removed = await services.repo.factors.removeAll(user.id);
    await audit(services, CLI_CLIENT, {
      kind: 'factors_reset',
      outcome: 'success',
      userId: user.id,
      detail: { totp: removed.totp, passkeys: removed.passkeys },
    });
    process.stdout.write(
      `removed ${removed.totp ? 'TOTP and its recovery codes' : 'no TOTP'} and ${removed.passkeys} passkey(s) of ${user.username}\n`,
    );
  } finally {
    await services.repo.close();
  }
}

/** Safe while `serve` runs on the same DATA_DIR: see backupDatabase. Needs no secret. */
async function backup(args: string[]) {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true });
  if (!values.out) throw new UsageError('backup needs --out FILE');
  const config = parseEnv();
  if (config.database.backend === 'postgres')
    throw new UsageError(
      'backup copies the SQLite database; on PostgreSQL use pg_dump or point-in-time recovery (docs/deploy.md)',
    );
  const source = databaseFile(config.dataDir);
  const out = resolve(values.out);
  const startedAt = Date.now();
  const { pages, bytes } = await backupDatabase(source, out);
  const seconds = (Date.now() - startedAt) / 1000;
  process.stdout.write(
    `backed up ${source} to ${out}: ${pages} pages, ${(bytes / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(1)} s\n`,
  );
}

class UsageError extends Error {}

/** What the audit log records of a command run on the server's machine. */
const CLI_CLIENT: Client = { ip: null, userAgent: null, face: 'cli', requestId: null };

const warn = (message: string) => process.stderr.write(`warning: ${message}\n`);

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve({ ...parseEnv(), startEmpty: startFlags(rest) });
      return;
    case 'migrate': {
      const config = parseEnv();
      const target = { ...config, startEmpty: startFlags(rest) };
      const repo = await openDatabase(target);
      await repo.close();
      process.stdout.write(`migrated ${describeDatabase(target)}\n`);
      return;
    }
    case 'user:add':
      await userAdd(rest);
      return;
    case 'user:reset-factors':
      await userResetFactors(rest);
      return;
    case 'backup':
      await backup(rest);
      return;
    case 'seed': {
      const { values } = parseArgs({
        args: rest,
        options: { users: { type: 'string' } },
        strict: true,
      });
      const total = Number(values.users);
      if (!Number.isSafeInteger(total) || total < 1 || total > 99_999_999)
        throw new UsageError('seed needs --users N (1 to 99,999,999)');
      const result = await seed(parseEnv(), total);
      process.stdout.write(
        `${result.added.toLocaleString('en')} accounts added (${result.existing.toLocaleString('en')} were there) in ${result.seconds.toFixed(1)} s; database ${(result.bytes / 2 ** 20).toFixed(0)} MiB\n`,
      );
      return;
    }
    default:
      throw new UsageError(command ? `Unknown command: ${command}` : 'No command given');
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Fail loudly: a clear line on stderr and a non-zero exit, never a swallowed error.
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${usage}`);
  else if (error instanceof ConfigError || error instanceof BackupError)
    process.stderr.write(`${error.message}\n`);
  else if (error instanceof AppError)
    process.stderr.write(`error: ${errors[error.kind].en} (${error.kind})\n`);
  else if (
    error instanceof TypeError &&
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  )
    process.stderr.write(`${error.message}\n\n${usage}`);
  else
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exitCode = 1;
});
