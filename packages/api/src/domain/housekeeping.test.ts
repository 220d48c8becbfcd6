import { afterAll, describe, expect, it } from 'vitest';
import { enrollTotp } from '../testing/enrol-totp.ts';
import { createTestInstance } from '../testing/harness.ts';
import { sweepExpired } from './housekeeping.ts';

const t = await createTestInstance();
afterAll(() => t.close());

describe('sweepExpired', () => {
  it('removes expired sessions, reset tokens and throttle state, and keeps live ones', async () => {
    const old = await t.signedIn();
    await t.client().caller.recovery.checkAnswer({ username: old.input.username, answer: 'blue' });
    // A sign-in left at its second step: the challenge outlives nothing.
    await enrollTotp(t.services, old.profile.id);
    await t.client().caller.auth.signIn({
      username: old.input.username,
      password: old.input.password,
    });
    t.clock.advance(13 * 3_600_000);
    const fresh = await t.signedIn();
    await expect(
      t
        .client({ ip: '192.0.2.1' })
        .caller.auth.login({ username: fresh.input.username, password: 'wrong guess' }),
    ).rejects.toThrow();
    // The old registration's hit is past its window; the rest is recent.
    expect(await sweepExpired(t.services)).toEqual({
      sessions: 1,
      resetTokens: 1,
      challenges: 1,
      throttle: 1,
      signInAddresses: 0,
      auditEvents: 0,
      pictures: { temps: 0, unreferenced: 0 },
    });
    const sessions = t.dump().sessions as { user_id: number }[];
    expect(sessions.map((s) => s.user_id)).toEqual([fresh.profile.id]);
    expect(t.dump().recovery_tokens).toEqual([]);
    expect(t.dumpAll().auth_challenges).toEqual([]);

    // The fresh registration's hit and the failure's two (address and account), once past the window.
    t.clock.advance(15 * 60_000 + 1);
    expect(await sweepExpired(t.services)).toMatchObject({ throttle: 3 });
    // Familiar addresses after 30 days, audit events after the retention (a year by default).
    t.clock.advance(366 * 24 * 3_600_000);
    expect(await sweepExpired(t.services)).toMatchObject({ signInAddresses: 2, auditEvents: 6 });
    expect(t.dumpAll().audit_events).toEqual([]);
  });
});
