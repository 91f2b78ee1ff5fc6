/**
 * What ending a login session tells the relying parties (OpenID Connect Front-Channel Logout 1.0
 * §4, Back-Channel Logout 1.0 §2.5), as Hydra's completeLogout and HandleHeadlessLogout do: every
 * client that took part in session `sid` and registered a backchannel_logout_uri gets a Logout
 * Token, in the background; every one with a frontchannel_logout_uri gets a URL for the
 * browser to load. A client is notified once per session, whichever way the session ends first
 * (browser logout, admin revocation by sid): the second finds nobody left to notify.
 */
import type { Client } from '../../client/client.js';
import type { BackChannelLogout } from './back-channel.js';
import { frontChannelUrl } from './front-channel-page.js';
import type { SessionClients } from './session-clients.js';

export class ChannelLogout {
  constructor(
    private readonly members: SessionClients,
    private readonly clients: { find(id: string): Promise<Client | undefined> },
    private readonly backChannel: BackChannelLogout,
    private readonly issuer: string,
  ) {}

  /** Notifies the session's back-channel clients; returns the front-channel URLs to render. */
  async endSession(sid: string): Promise<string[]> {
    const frontChannel: string[] = [];
    for (const member of await this.members.list(sid)) {
      if (!(await this.members.leave(member))) continue;
      const client = await this.clients.find(member.clientId);
      if (!client) continue;
      if (client.backchannel_logout_uri) this.backChannel.notify(client.backchannel_logout_uri, member);
      if (client.frontchannel_logout_uri) frontChannel.push(frontChannelUrl(client.frontchannel_logout_uri, this.issuer, sid));
    }
    return frontChannel;
  }
}
