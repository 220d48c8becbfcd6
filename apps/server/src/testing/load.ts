/** One request of a load run: when it started and ended (epoch ms), and how it ended. */
export interface LoadRecord {
  label: string;
  startedAt: number;
  endedAt: number;
  /** The HTTP status, or 0 when no answer came (connection failed, client timeout). */
  status: number;
  ok: boolean;
  /** What the test needs to judge the answer: an error kind, an envelope, a message. */
  detail: string;
}

/** What a step reports of its request; the timing is added by the load run. */
export type LoadResult = Omit<LoadRecord, 'startedAt' | 'endedAt'>;

export type LoadStep = (worker: number, n: number) => Promise<LoadResult>;

/**
 * `workers` loops, each running `step` again and again, one request at a time, until `stop()`
 * is called; resolves with every request's record once the last one in flight has ended. A step
 * that throws is recorded as a failure with status 0 (a client timeout is one).
 */
export function runLoad(workers: number, step: LoadStep) {
  const records: LoadRecord[] = [];
  let stopping = false;
  let n = 0;
  const loops = Array.from({ length: workers }, async (_, worker) => {
    while (!stopping) {
      const startedAt = Date.now();
      const result = await step(worker, (n += 1)).catch((error: unknown) => ({
        label: 'thrown',
        status: 0,
        ok: false,
        detail: String((error as Error).cause ?? error),
      }));
      records.push({ ...result, startedAt, endedAt: Date.now() });
    }
  });
  return {
    records,
    async stop() {
      stopping = true;
      await Promise.all(loops);
      return records;
    },
  };
}
