import { type Services, sweepExpired } from '@acct/api';
import type { FastifyInstance } from 'fastify';

const SWEEP_EVERY_MS = 10 * 60_000;

/** Runs the housekeeping sweep (sweepExpired: expired rows, throttle state, old audit events, picture leftovers) once ready, then every ten minutes, until close. */
export async function housekeepingPlugin(
  app: FastifyInstance,
  { services }: { services: Services },
) {
  let timer: NodeJS.Timeout | undefined;
  const sweep = () =>
    sweepExpired(services).catch((err: unknown) => app.log.error({ err }, 'sweep failed'));
  app.addHook('onReady', async () => {
    void sweep();
    timer = setInterval(() => void sweep(), SWEEP_EVERY_MS).unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}
