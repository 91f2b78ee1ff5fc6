/**
 * The admin device-challenge API (Hydra consent/handler.go acceptUserCodeRequest): the
 * verification UI sends the user code the user typed, for the device challenge it was given;
 * a right code answers where to send the user agent next (`redirect_to`, with a device verifier).
 *
 * RFC 8628 §5.1: user codes are short, so guessing is the threat. Tessera:
 *  - stores only a keyed hash of a user code and compares it in constant time (user-code.ts);
 *  - makes a user code single use: the first challenge that enters it claims it (pending →
 *    claimed, a compare-and-set), and every later attempt with it is a wrong code;
 *  - counts wrong codes per challenge: the MAX_USER_CODE_ATTEMPTS-th blocks the challenge for good
 *    (429), and the user starts again from the verification URI;
 *  - makes a challenge single use: accepting it twice is refused (409), as for login and consent.
 * Hydra has no attempt limit and lets a challenge be accepted again; both are deliberate here.
 */
import { errors, invalidRequestWithStatus } from '../../core/errors.js';
import { newStepSecret, stepHash } from '../../flow/step-secret.js';
import { withQuery } from '../../web/url.js';
import type { DeviceChallengeRecord, DeviceChallengeStore, DeviceCodeRecord, DeviceCodeStore } from './device-code-store.js';
import type { DeviceUnitOfWork } from './device-unit-of-work.js';
import { UserCodes } from './user-code.js';

export const MAX_USER_CODE_ATTEMPTS = 5;

const WRONG_CODE = "The 'user_code' session could not be found or has expired or is otherwise malformed.";

export interface DeviceAdminDeps {
  codes: DeviceCodeStore;
  challenges: DeviceChallengeStore;
  userCodes: UserCodes;
  unitOfWork: DeviceUnitOfWork;
  /** GET /oauth2/device/verify on the public listener. */
  verifyUrl: string;
  now: () => number;
}

export class DeviceAdmin {
  constructor(private readonly deps: DeviceAdminDeps) {}

  async acceptUserCode(challengeParam: string | undefined, body: unknown): Promise<{ redirect_to: string }> {
    if (!challengeParam) throw errors.invalidRequest.withHint("Query parameter 'device_challenge' is not defined but should have been.");
    const userCode = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).user_code : undefined;
    if (userCode !== undefined && typeof userCode !== 'string') throw errors.invalidRequest.withHint("Field 'user_code' must be a string.");
    if (!userCode) throw errors.invalidRequest.withHint("Field 'user_code' must not be empty.");
    const challenge = await this.challenge(challengeParam);
    // The attempt is taken before the code is compared: concurrent guesses cannot outrun the limit.
    if (!(await this.deps.challenges.reserveAttempt(challenge.id, MAX_USER_CODE_ATTEMPTS))) throw tooManyAttempts();
    const record = await this.pendingCode(userCode);
    if (!record) return this.wrongCode(challenge);
    const verifier = newStepSecret();
    const claimed = await this.deps.unitOfWork.transaction(async (tx) => {
      // Claimed first by another challenge meanwhile: a used code, so a wrong one (counted below).
      if (!(await tx.deviceCodes.claim(record.key, challenge.id))) return false;
      // Accepted meanwhile by a concurrent request: refused, and the claim rolled back with it.
      if (!(await tx.deviceChallenges.accept(challenge.id, stepHash(verifier), record.key))) throw errors.alreadyHandled;
      return true;
    });
    if (!claimed) return this.wrongCode(challenge);
    return { redirect_to: withQuery(withQuery(this.deps.verifyUrl, 'device_verifier', verifier), 'client_id', record.clientId) };
  }

  /** The challenge, if it can still take a user code. */
  private async challenge(param: string): Promise<DeviceChallengeRecord> {
    const challenge = await this.deps.challenges.get(stepHash(param));
    if (!challenge) throw errors.notFound.withHint('The device challenge does not exist.');
    if (challenge.state === 'blocked') throw tooManyAttempts();
    if (challenge.state !== 'initialized') throw errors.alreadyHandled;
    if (challenge.expiresAt <= this.deps.now()) throw errors.notFound.withHint('The device challenge has expired.');
    return challenge;
  }

  /** The unexpired, never entered device authorization of this user code, compared in constant time. */
  private async pendingCode(userCode: string): Promise<DeviceCodeRecord | undefined> {
    for (const signature of this.deps.userCodes.candidates(userCode)) {
      const record = await this.deps.codes.findByUserCode(signature);
      if (!record || !UserCodes.matches(record.userCodeSignature, signature)) continue;
      return record.state === 'pending' && record.expiresAt > this.deps.now() ? record : undefined;
    }
    return undefined;
  }

  /** The attempt was taken already; a wrong code that spent the last one blocks the challenge. */
  private async wrongCode(challenge: DeviceChallengeRecord): Promise<never> {
    if (await this.deps.challenges.blockIfSpent(challenge.id, MAX_USER_CODE_ATTEMPTS)) throw tooManyAttempts();
    throw errors.invalidRequest.withHint(WRONG_CODE);
  }
}

const tooManyAttempts = () =>
  invalidRequestWithStatus(429).withHint('Too many wrong user codes were entered for this device challenge; start again at the verification URI.');
