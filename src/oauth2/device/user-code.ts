/**
 * RFC 8628 §6.1 user codes, as Hydra makes them (driver/config/provider.go GetUserCodeLength,
 * GetUserCodeSymbols; ory/x randx): oauth2.device_authorization.user_code names a preset (high:
 * 8 of 50 unambiguous letters and digits; medium: 8 upper-case letters; low: 9 digits) or a
 * length and a character set. Drawn uniformly (node:crypto randomInt). Only an HMAC-SHA-256 of a
 * user code under secrets.system is stored (fosite's UserCodeSignature), and a stored signature
 * is compared in constant time (§5.1: user codes are short, so brute force is the threat).
 *
 * Device authorizations imported from Hydra (import/hydra/kinds/device-codes.ts) keep the user
 * code signature fosite stored (rfc8628 DefaultDeviceStrategy.UserCodeSignature, hmacsha.go
 * GenerateHMACForString): HMAC-SHA-512/256 of the code under Hydra's global secret, SHA-256 of
 * secrets.system[i], in unpadded base64url. Its form (43 characters) cannot be mistaken for
 * Tessera's (64 hex digits), so a presented code is also looked up under it: the user code
 * Hydra showed on the device keeps working at Tessera's verification page.
 */
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export interface UserCodeSettings {
  entropy_preset?: 'high' | 'medium' | 'low';
  length?: number;
  character_set?: string;
}

/** ory/x randx: AlphaNumNoAmbiguous, AlphaUpper, Numeric. */
const PRESETS = {
  high: { length: 8, alphabet: 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679' },
  medium: { length: 8, alphabet: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' },
  low: { length: 9, alphabet: '0123456789' },
} as const;

export class UserCodes {
  readonly length: number;
  private readonly alphabet: string[];
  private readonly keys: Buffer[];
  /** fosite's HMAC keys: SHA-256 of each secret (Hydra's x.HashStringSecret). */
  private readonly fositeKeys: Buffer[];

  constructor(settings: UserCodeSettings | undefined, secrets: readonly string[]) {
    const preset = PRESETS[settings?.entropy_preset ?? 'high'];
    this.length = settings?.length && settings.length > 0 ? settings.length : preset.length;
    this.alphabet = [...(settings?.character_set || preset.alphabet)];
    this.keys = secrets.map((secret) => Buffer.from(secret, 'utf8'));
    this.fositeKeys = secrets.map((secret) => createHash('sha256').update(secret, 'utf8').digest());
  }

  generate(): string {
    let code = '';
    for (let i = 0; i < this.length; i++) code += this.alphabet[randomInt(this.alphabet.length)];
    return code;
  }

  /** The signature a user code is stored under (the first secret's). */
  signature(code: string): string {
    return sign(this.keys[0]!, code);
  }

  /**
   * The signatures a presented user code may be stored under: one per configured secret, so that
   * secrets.system can rotate, then fosite's of each (a device authorization imported from Hydra).
   */
  candidates(code: string): string[] {
    return [...this.keys.map((key) => sign(key, code)), ...this.fositeKeys.map((key) => fositeSign(key, code))];
  }

  /** Constant-time equality of a stored signature and one computed from a presented code. */
  static matches(stored: string, computed: string): boolean {
    const a = Buffer.from(stored, 'utf8');
    const b = Buffer.from(computed, 'utf8');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function sign(key: Buffer, code: string): string {
  return createHmac('sha256', key).update(code, 'utf8').digest('hex');
}

/** fosite's GenerateHMACForString: HMAC-SHA-512/256, unpadded base64url. */
function fositeSign(key: Buffer, code: string): string {
  return createHmac('sha512-256', key).update(code, 'utf8').digest('base64url');
}
