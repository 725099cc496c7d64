// What a person's browser does to install the app through OAuth: the app's install page (which sets the state
// cookie), Slack's authorize page approved as a member of the workspace, and the redirect back to the app.
import { expect } from 'vitest';
import type { SlackEmulator } from '../../src/sandbox/emulator.js';

export interface OAuthInstall {
  /** The app's answer to the redirect. */
  res: Response;
  /** Its page. */
  html: string;
  /** The install page the person saw first. */
  installPage: string;
  /** The authorize URL the install page linked to. */
  authorize: string;
}

/**
 * Installs the app in `teamId` as `userId` would from a browser. `orgWide` asks for the whole organisation; `cookie`
 * replaces the browser's state cookie (null: none), for tests of the state check.
 */
export async function installThroughOAuth(
  appUrl: string,
  emu: SlackEmulator,
  teamId: string,
  o: { userId: string; orgWide?: boolean; cookie?: string | null },
): Promise<OAuthInstall> {
  const page = await fetch(`${appUrl}/slack/install`);
  expect(page.status).toBe(200);
  const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
  const installPage = await page.text();
  const authorize = /href="([^"]*\/oauth\/v2\/authorize[^"]*)"/.exec(installPage)![1]!.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
  const back = emu.oauth.approve(authorize, { teamId, userId: o.userId, ...(o.orgWide ? { orgWide: true } : {}) });
  const sent = o.cookie === undefined ? cookie : o.cookie;
  const res = await fetch(back, { headers: sent ? { cookie: sent } : {}, redirect: 'manual' });
  return { res, html: await res.text(), installPage, authorize };
}
