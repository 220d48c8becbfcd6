import { afterAll, describe, expect, it } from 'vitest';
import { createTestInstance } from '../testing/harness.ts';
import { sweepExpired } from './housekeeping.ts';

const t = createTestInstance();
afterAll(() => t.close());

describe('sweepExpired', () => {
  it('removes expired sessions and reset tokens and keeps live ones', async () => {
    const old = await t.signedIn();
    await t.client().caller.recovery.checkAnswer({ username: old.input.username, answer: 'blue' });
    t.clock.advance(13 * 3_600_000);
    const fresh = await t.signedIn();
    expect(await sweepExpired(t.services)).toEqual({ sessions: 1, resetTokens: 1, pictures: { temps: 0, unreferenced: 0 } });
    const sessions = t.dump().sessions as { user_id: number }[];
    expect(sessions.map((s) => s.user_id)).toEqual([fresh.profile.id]);
    expect(t.dump().recovery_tokens).toEqual([]);
  });
});
