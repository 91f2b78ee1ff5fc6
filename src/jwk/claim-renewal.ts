/**
 * Keeps a key generation claim (generation-claim.ts) alive from the moment it is won until it is
 * released: through the check for a key stored meanwhile, the key pair generation (seconds of
 * RSA 4096 on a loaded machine, off the event loop) and the insert under the generation lock,
 * which may wait on another process. Renewals run one after another, every `renewEveryMs`, never
 * overlapping: a slow database delays the next renewal instead of piling statements up.
 */
import type { Logger } from 'pino';
import type { GenerationClaims } from './generation-claim.js';

/** Starts renewing; the function returned stops it and waits for a renewal in flight. */
export function keepClaimAlive(claims: GenerationClaims, set: string, claimant: string, logger: Logger): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const renew = async () => {
    try {
      const still = await claims.renew(set, claimant);
      if (!still) {
        logger.warn(`The key generation claim of JSON Web Key Set "${set}" was taken over; the signing key lock still keeps one key`);
        return;
      }
    } catch (error) {
      // Retried at the next period: a claim goes stale only after several missed renewals.
      logger.warn({ err: { message: (error as Error).message } }, `Could not renew the key generation claim of JSON Web Key Set "${set}"`);
    }
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = renew();
    }, claims.renewEveryMs);
    timer.unref();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await inFlight;
  };
}
