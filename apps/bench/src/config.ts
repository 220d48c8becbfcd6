// The bench's one reader of the environment: the port a ceiling server listens on, and the
// environment the servers it starts inherit (the server's own settings are parsed by its env.ts).

/** The port a bare ceiling server listens on (set by the bench when it starts it). */
export const ceilingPort = (): number => Number(process.env.PORT);

/** This process's environment with `overrides`, for a child process. */
export const childEnv = (overrides: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  ...overrides,
});

/** The documented tRPC handler option a Fastify adapter ceiling adds (trpc-option-variants.ts). */
export const trpcVariant = (): string | undefined => process.env.TRPC_VARIANT;
