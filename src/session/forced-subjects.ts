/**
 * The `sub` a login app forced on a client (`force_subject_identifier`, OIDC Core §8; Hydra
 * ForcedObfuscatedLoginSession), remembered per user and client so that an id_token_hint naming
 * it is recognised as that user (Hydra consent/strategy_default.go matchesValueFromSession).
 * Kept on hydra_oauth2_obfuscated_authentication_session (persistence/sql/forced-subject.ts);
 * `tessera import hydra` carries Hydra's rows over.
 */
export interface ForcedSubject {
  subject: string;
  clientId: string;
  /** The `sub` the client was given. */
  obfuscated: string;
}

export interface ForcedSubjectStore {
  /** Records (or replaces) the forced `sub` of this user at this client. */
  remember(forced: ForcedSubject): Promise<void>;
  /** The forced `sub` of this user at this client, if a login app ever forced one. */
  find(clientId: string, subject: string): Promise<string | undefined>;
}
