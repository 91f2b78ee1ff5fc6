/**
 * The UnitOfWork on Kysely: one database transaction, with every store scoped to it, and the one
 * retry of deadlock victims (deadlock-retry.ts).
 */
import type { Aead } from '../../crypto/aead.js';
import type { Database } from '../database.js';
import { retryOnDeadlock } from '../deadlock-retry.js';
import type { TransactionStores, UnitOfWork } from '../unit-of-work.js';
import type { DeviceTransactionStores, DeviceUnitOfWork } from '../../oauth2/device/device-unit-of-work.js';
import { SqlAccessTokenStore } from './access-token.js';
import { SqlCodeStore } from './code.js';
import { SqlFlowStore } from './flow.js';
import { SqlRefreshTokenStore } from './refresh-token.js';
import { SqlDeviceChallengeStore, SqlDeviceCodeStore } from './device-code.js';

export class SqlUnitOfWork implements UnitOfWork, DeviceUnitOfWork {
  constructor(
    private readonly database: Pick<Database, 'db'>,
    /** secrets.system: what the flow, code and refresh stores seal their sessions with. */
    private readonly aead: Aead,
  ) {}

  transaction<T>(work: (tx: TransactionStores & DeviceTransactionStores) => Promise<T>): Promise<T> {
    return retryOnDeadlock(() =>
      this.database.db.transaction().execute((trx) => {
        const scoped = { db: trx };
        return work({
          flows: new SqlFlowStore(scoped, this.aead),
          codes: new SqlCodeStore(scoped, this.aead),
          accessTokens: new SqlAccessTokenStore(scoped),
          refreshTokens: new SqlRefreshTokenStore(scoped, this.aead),
          deviceCodes: new SqlDeviceCodeStore(scoped, this.aead),
          deviceChallenges: new SqlDeviceChallengeStore(scoped),
        });
      }),
    );
  }
}
