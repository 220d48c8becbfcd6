// The closed-loop generator's own process (started by overload.ts): its CPU is its own in the
// bench's /proc accounting, and its event loop is not the bench's. It waits for runs over IPC,
// sends back each run's result, and lives until the bench stops it.
import { runClosedLoop } from './closed-loop.ts';
import type { FromClient, ToClient } from './overload.ts';
import { randomLoginBody } from './random-login.ts';
import { overloadResult } from './stats.ts';

const reply = (message: FromClient) => process.send!(message);

process.on('message', (message: ToClient) => {
  const { pool, ...options } = message.run;
  runClosedLoop({ ...options, nextBody: () => randomLoginBody(pool) }).then(
    (tally) => reply({ result: overloadResult(tally) }),
    (error: unknown) => reply({ error: error instanceof Error ? error.stack! : String(error) }),
  );
});
reply({ ready: true });
