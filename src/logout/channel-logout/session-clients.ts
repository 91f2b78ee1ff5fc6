/**
 * The clients of a login session: "the RPs that the End-User is logged into" that Front-Channel
 * Logout 1.0 §4 and Back-Channel Logout 1.0 §2.5 notify when the session ends. A client joins
 * when it is issued a code in that session; it leaves when it is notified. The SQL
 * implementation is persistence/sql/session-client.ts.
 */

export interface SessionClient {
  sid: string;
  clientId: string;
  /** The `sub` this client was given in the session's ID tokens. */
  subject: string;
}

/**
 * The contract: membership is keyed (sid, clientId). `join` is idempotent (a second flow in the
 * same session adds nothing). `leave` answers true to exactly one caller per membership: of two
 * concurrent logouts of the same session, one removes it and notifies that client (Hydra's
 * completeLogout and HandleHeadlessLogout likewise notify at most once, gated by deleting the
 * session). `list` answers the members ordered by client id.
 */
export interface SessionClients {
  /** Records that `clientId` took part in session `sid`; a second flow in the same session adds nothing. */
  join(member: SessionClient): Promise<void>;
  list(sid: string): Promise<SessionClient[]>;
  /** Removes the client from the session; true for the one caller that removed it. */
  leave(member: SessionClient): Promise<boolean>;
}
