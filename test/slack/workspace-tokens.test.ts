// Which bot token speaks for a workspace (src/slack/install/tokens.ts): configured tokens learn their workspace from
// auth.test, once, even while requests arrive; a refused token is never used; a forgotten workspace gets none.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { type Identity, WorkspaceTokens } from '../../src/slack/install/tokens.js';

const log = createLogger('silent');
const id = (teamId: string): Identity => ({ teamId, botId: `B${teamId}`, botUserId: `U${teamId}` });
const later = () => new Promise((r) => setTimeout(r, 5));

describe('WorkspaceTokens', () => {
  it('a request that arrives while auth.test is under way gets the token once it is learned', async () => {
    let learned!: () => void;
    const gate = new Promise<void>((r) => (learned = r));
    let asked = 0;
    const tokens = new WorkspaceTokens({
      log,
      identify: async () => {
        asked += 1;
        await gate;
        return id('T1');
      },
      // The installations answer after auth.test did: the token was learned meanwhile.
      installations: { authorize: async () => (await gate, await later(), null) },
    });
    tokens.addBotToken('xoxb-one');
    const start = tokens.learn();
    const request = tokens.forTeam('T1');
    learned();
    await start;
    expect(await request).toMatchObject({ teamId: 'T1', botToken: 'xoxb-one', botUserId: 'UT1' });
    expect(asked).toBe(1);
  });

  it('names the workspace a token speaks for once known (the gate keys budgets by it), configured or installed', async () => {
    const tokens = new WorkspaceTokens({
      log,
      identify: async () => id('T1'),
      installations: { authorize: async (teamId) => (teamId === 'T2' ? { teamId: 'T2', botToken: 'xoxb-installed', botId: 'B2', botUserId: 'U2' } : null) },
    });
    tokens.addBotToken('xoxb-one');
    expect(tokens.teamOfToken('xoxb-one')).toBeNull();
    await tokens.learn();
    expect(tokens.teamOfToken('xoxb-one')).toBe('T1');
    expect(tokens.teamOfToken('xoxb-installed')).toBeNull();
    await tokens.forTeam('T2');
    expect(tokens.teamOfToken('xoxb-installed')).toBe('T2');
    expect(tokens.teamOfToken('xoxb-stranger')).toBeNull();
  });

  it('a token Slack refuses is never used; one it could not check is asked about again', async () => {
    let outage = true;
    const tokens = new WorkspaceTokens({
      log,
      identify: async (token) => {
        if (token === 'xoxb-bad') throw Object.assign(new Error('refused'), { data: { error: 'invalid_auth' } });
        if (outage) throw new Error('fetch failed');
        return id('T2');
      },
    });
    tokens.addBotToken('xoxb-bad');
    tokens.addBotToken('xoxb-two');
    expect(await tokens.forTeam('T2')).toBeNull();
    outage = false;
    expect((await tokens.forTeam('T2'))?.botToken).toBe('xoxb-two');
    expect(tokens.configuredTokensOf('T2')).toEqual(['xoxb-two']);
  });

  it('a workspace forgotten (it removed the app) has no token, and its clients are told', async () => {
    const tokens = new WorkspaceTokens({ log, identify: async () => id('T3') });
    const told: string[] = [];
    tokens.onForget((t) => told.push(t));
    tokens.addBotToken('xoxb-three');
    expect((await tokens.forTeam('T3'))?.botToken).toBe('xoxb-three');
    tokens.forget('T3');
    expect(await tokens.forTeam('T3')).toBeNull();
    expect(told).toEqual(['T3']);
  });
  it('a workspace that removes the app while its token is being looked up: that look-up does not bring it back; a reinstall does', async () => {
    const auth = { teamId: 'T3', botToken: 'xoxb-installed', botId: 'B3', botUserId: 'U3' };
    const answers: (() => void)[] = [];
    let inDatabase = true;
    const tokens = new WorkspaceTokens({
      log,
      identify: async () => id('T1'),
      installations: {
        authorize: async () => {
          const read = inDatabase ? auth : null; // what the database held when the look-up read it
          await new Promise<void>((r) => answers.push(r));
          return read;
        },
      },
    });
    const before = tokens.forTeam('T3');
    await later();
    await tokens.forgetWhile('T3', async () => {
      inDatabase = false;
    });
    inDatabase = true; // installed again at once, while the first look-up is still out
    const after = tokens.forTeam('T3');
    await later();
    for (const answer of answers) answer();
    expect(await before).toBeNull();
    expect(await after).toEqual(auth);
    expect(answers).toHaveLength(2); // the request after the removal did not join the look-up begun before it
  });
});
