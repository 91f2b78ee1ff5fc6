/**
 * DeviceCodeStore and DeviceChallengeStore on hydra_oauth2_device_auth_codes and
 * hydra_oauth2_device_challenge. Every state change is one conditional UPDATE (WHERE state =
 * <from>), so of two concurrent attempts exactly one moves the row. The consented grant is sealed
 * at rest, bound to its row.
 */
import type { Aead } from '../../crypto/aead.js';
import {
  UserCodeTaken,
  type DeviceChallengeRecord,
  type DeviceChallengeState,
  type DeviceChallengeStore,
  type DeviceCodeRecord,
  type DeviceCodeState,
  type DeviceCodeStore,
  type DeviceGrant,
} from '../../oauth2/device/device-code-store.js';
import type { DeviceChallengeRow, DeviceCodeRow, Executor } from '../tables.js';

export class SqlDeviceCodeStore implements DeviceCodeStore {
  constructor(
    private readonly database: Executor,
    private readonly aead: Aead,
  ) {}

  private get db() {
    return this.database.db;
  }

  async create(record: DeviceCodeRecord): Promise<void> {
    // Checked first so that no dialect's unique-violation error needs decoding; the unique index
    // still refuses a concurrent twin, which then fails as a server error (2^-40 odds at "high").
    if (await this.findByUserCode(record.userCodeSignature)) throw new UserCodeTaken();
    await this.db
      .insertInto('hydra_oauth2_device_auth_codes')
      .values({
        device_code_signature: record.key,
        user_code_signature: record.userCodeSignature,
        request_id: record.requestId,
        client_id: record.clientId,
        state: record.state,
        challenge_id: record.challengeId ?? null,
        requested_scope: JSON.stringify(record.requestedScope),
        requested_audience: JSON.stringify(record.requestedAudience),
        session_data: null,
        requested_at: record.requestedAt,
        expires_at: record.expiresAt,
        last_polled_at: record.lastPolledAt,
      })
      .execute();
  }

  async get(key: string): Promise<DeviceCodeRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_device_auth_codes').selectAll().where('device_code_signature', '=', key).executeTakeFirst();
    return row ? this.record(row) : undefined;
  }

  async findByUserCode(userCodeSignature: string): Promise<DeviceCodeRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_device_auth_codes').selectAll().where('user_code_signature', '=', userCodeSignature).executeTakeFirst();
    return row ? this.record(row) : undefined;
  }

  claim(key: string, challengeId: string): Promise<boolean> {
    return this.move(key, 'pending', { state: 'claimed', challenge_id: challengeId });
  }

  approve(key: string, grant: DeviceGrant): Promise<boolean> {
    return this.move(key, 'claimed', { state: 'approved', session_data: this.aead.seal(JSON.stringify(grant), `device:${key}`) });
  }

  deny(key: string): Promise<boolean> {
    return this.move(key, 'claimed', { state: 'denied' });
  }

  consume(key: string): Promise<boolean> {
    return this.move(key, 'approved', { state: 'used' });
  }

  async poll(key: string, now: number, intervalMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('hydra_oauth2_device_auth_codes')
      .set({ last_polled_at: now })
      .where('device_code_signature', '=', key)
      .where('last_polled_at', '<=', now - intervalMs)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async move(key: string, from: DeviceCodeState, values: Partial<DeviceCodeRow>): Promise<boolean> {
    const result = await this.db
      .updateTable('hydra_oauth2_device_auth_codes')
      .set(values)
      .where('device_code_signature', '=', key)
      .where('state', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private record(row: DeviceCodeRow): DeviceCodeRecord {
    const key = row.device_code_signature;
    return {
      key,
      userCodeSignature: row.user_code_signature,
      requestId: row.request_id,
      clientId: row.client_id,
      state: row.state as DeviceCodeState,
      ...(row.challenge_id ? { challengeId: row.challenge_id } : {}),
      requestedScope: JSON.parse(row.requested_scope) as string[],
      requestedAudience: JSON.parse(row.requested_audience) as string[],
      ...(row.session_data ? { grant: JSON.parse(this.aead.openText(row.session_data, `device:${key}`)) as DeviceGrant } : {}),
      requestedAt: Number(row.requested_at),
      expiresAt: Number(row.expires_at),
      lastPolledAt: Number(row.last_polled_at),
    };
  }
}

export class SqlDeviceChallengeStore implements DeviceChallengeStore {
  constructor(private readonly database: Executor) {}

  private get db() {
    return this.database.db;
  }

  async create(record: DeviceChallengeRecord): Promise<void> {
    await this.db
      .insertInto('hydra_oauth2_device_challenge')
      .values({
        id: record.id,
        verifier: record.verifier ?? null,
        csrf: record.csrf,
        state: record.state,
        attempts: record.attempts,
        device_code_signature: record.deviceCodeKey ?? null,
        requested_at: record.requestedAt,
        expires_at: record.expiresAt,
      })
      .execute();
  }

  async get(id: string): Promise<DeviceChallengeRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_device_challenge').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? record(row) : undefined;
  }

  async findByVerifier(verifierHash: string): Promise<DeviceChallengeRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_device_challenge').selectAll().where('verifier', '=', verifierHash).executeTakeFirst();
    return row ? record(row) : undefined;
  }

  async reserveAttempt(id: string, limit: number): Promise<boolean> {
    const result = await this.db
      .updateTable('hydra_oauth2_device_challenge')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('state', '=', 'initialized')
      .where('attempts', '<', limit)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async blockIfSpent(id: string, limit: number): Promise<boolean> {
    const result = await this.db
      .updateTable('hydra_oauth2_device_challenge')
      .set({ state: 'blocked' })
      .where('id', '=', id)
      .where('state', '=', 'initialized')
      .where('attempts', '>=', limit)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async accept(id: string, verifierHash: string, deviceCodeKey: string): Promise<boolean> {
    const result = await this.db
      .updateTable('hydra_oauth2_device_challenge')
      .set({ state: 'accepted', verifier: verifierHash, device_code_signature: deviceCodeKey })
      .where('id', '=', id)
      .where('state', '=', 'initialized')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async use(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('hydra_oauth2_device_challenge')
      .set({ state: 'used' })
      .where('id', '=', id)
      .where('state', '=', 'accepted')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

function record(row: DeviceChallengeRow): DeviceChallengeRecord {
  return {
    id: row.id,
    ...(row.verifier ? { verifier: row.verifier } : {}),
    csrf: row.csrf,
    state: row.state as DeviceChallengeState,
    attempts: Number(row.attempts),
    ...(row.device_code_signature ? { deviceCodeKey: row.device_code_signature } : {}),
    requestedAt: Number(row.requested_at),
    expiresAt: Number(row.expires_at),
  };
}
