/**
 * FlowStore on hydra_oauth2_flow. A step secret is looked up by its hash; a transition is one
 * conditional UPDATE on (id, state), so a second use of the same challenge or verifier, even
 * concurrent, changes nothing and is refused by the caller.
 */
import type { Kysely } from 'kysely';
import type { Aead } from '../../crypto/aead.js';
import type { FlowData } from '../../flow/flow-model.js';
import { TRANSITIONS, type FlowState, type StepColumn, type Transition } from '../../flow/flow-states.js';
import type { FlowRecord, FlowStore, TransitionChange } from '../../flow/flow-store.js';
import type { CodeRow, ConsentSessionRow, Executor, FlowRow, Tables } from '../tables.js';
import { writeIdentityProviderSession } from './login-session-idp.js';

export class SqlFlowStore implements FlowStore {
  constructor(
    private readonly database: Executor,
    private readonly aead: Aead,
  ) {}

  private get db() {
    return this.database.db;
  }

  async create(record: FlowRecord, loginChallengeHash: string): Promise<void> {
    await this.db
      .insertInto('hydra_oauth2_flow')
      .values({
        id: record.id,
        login_challenge: loginChallengeHash,
        login_verifier: null,
        consent_challenge: null,
        consent_verifier: null,
        state: record.state,
        client_id: record.clientId,
        subject: null,
        consent_remember: 0,
        requested_at: record.requestedAt,
        expires_at: record.expiresAt,
        data: this.seal(record.id, record.data),
      })
      .execute();
  }

  async findBy(column: StepColumn, hash: string): Promise<FlowRecord | undefined> {
    const row = await this.db.selectFrom('hydra_oauth2_flow').selectAll().where(column, '=', hash).executeTakeFirst();
    return row ? this.record(row) : undefined;
  }

  async rememberedConsents(subject: string, clientId: string, limit = 20): Promise<FlowRecord[]> {
    const rows = await this.db
      .selectFrom('hydra_oauth2_flow')
      .selectAll()
      .where('subject', '=', subject)
      .where('client_id', '=', clientId)
      .where('consent_remember', '=', 1)
      .where('state', '=', 'consent_used')
      .orderBy('requested_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => this.record(row));
  }

  private record(row: FlowRow): FlowRecord {
    return {
      id: row.id,
      state: row.state as FlowState,
      clientId: row.client_id,
      requestedAt: Number(row.requested_at),
      expiresAt: Number(row.expires_at),
      data: JSON.parse(this.aead.openText(row.data, `flow:${row.id}`)) as FlowData,
    };
  }

  async transition(id: string, transition: Transition, change: TransitionChange): Promise<boolean> {
    const { from, to } = TRANSITIONS[transition]!;
    const values: Partial<FlowRow> = { state: to, data: this.seal(id, change.data), expires_at: change.expiresAt };
    if (change.issue) values[change.issue.column] = change.issue.hash;
    if (change.subject !== undefined) values.subject = change.subject;
    if (change.consentRemember) values.consent_remember = 1;
    const move = async (db: Kysely<Tables>) => {
      const result = await db.updateTable('hydra_oauth2_flow').set(values).where('id', '=', id).where('state', '=', from).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    };
    const session = change.consentSession;
    const idp = change.identityProviderSession;
    const code = change.code;
    if (!session && !idp && !code) return move(this.db);
    const alone = !this.db.isTransaction && this.database.dialect === 'postgres';
    if (alone && session && !idp && !code) return this.moveWithConsentSession(id, from, values, session);
    if (alone && code && !session && !idp) return this.moveWithCode(id, from, values, code);
    // The step and its consent-session (or identity-provider session) row land together or not at all (nothing half-written).
    const moveWithSession = async (trx: Kysely<Tables>) => {
      if (!(await move(trx))) return false;
      if (session) await trx.insertInto('hydra_oauth2_consent_session').values(session).execute();
      if (idp) await writeIdentityProviderSession(trx, idp);
      if (code) await trx.insertInto('hydra_oauth2_code').values(code).execute();
      return true;
    };
    // Inside a unit of work (unit-of-work.ts), its transaction is the one that makes it atomic.
    return this.db.isTransaction ? moveWithSession(this.db) : this.db.transaction().execute(moveWithSession);
  }

  /**
   * PostgreSQL: the accepted consent's step and its consent-session row in one statement (a
   * data-modifying WITH; one statement is atomic on its own), instead of BEGIN, UPDATE, INSERT,
   * COMMIT: four round trips to one on every consent accepted. The row is inserted only from the
   * row the compare-and-set moved, so a lost race inserts nothing and answers false; a failing
   * insert (a duplicate consent_request_id) undoes the move with it, as the transaction did.
   * SQLite and MySQL have no data-modifying WITH and keep the transaction.
   */
  private async moveWithConsentSession(id: string, from: FlowState, values: Partial<FlowRow>, session: ConsentSessionRow): Promise<boolean> {
    const inserted = await this.db
      .with('moved', (db) => db.updateTable('hydra_oauth2_flow').set(values).where('id', '=', id).where('state', '=', from).returning('id'))
      .insertInto('hydra_oauth2_consent_session')
      .columns(['flow_id', 'consent_request_id', 'login_session_id', 'consent_skip', 'consent_expires_at'])
      .expression((eb) =>
        eb.selectFrom('moved').select([
          'moved.id',
          // Parameters in a select list have no type of their own in PostgreSQL: cast as the columns are.
          eb.cast<string>(eb.val(session.consent_request_id), 'varchar').as('consent_request_id'),
          eb.cast<string>(eb.val(session.login_session_id), 'varchar').as('login_session_id'),
          eb.cast<number>(eb.val(session.consent_skip), 'smallint').as('consent_skip'),
          eb.cast<number | null>(eb.val(session.consent_expires_at), 'bigint').as('consent_expires_at'),
        ]),
      )
      .returning('flow_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /**
   * PostgreSQL: the consent verifier's step and the code it issues in one statement, as
   * moveWithConsentSession does for the accepted consent: the code row is inserted only from the
   * flow row the compare-and-set moved (a lost race stores no code and answers false), and a
   * failing insert undoes the step. One round trip instead of BEGIN, UPDATE, INSERT, COMMIT.
   */
  private async moveWithCode(id: string, from: FlowState, values: Partial<FlowRow>, code: CodeRow): Promise<boolean> {
    const inserted = await this.db
      .with('moved', (db) => db.updateTable('hydra_oauth2_flow').set(values).where('id', '=', id).where('state', '=', from).returning('id'))
      .insertInto('hydra_oauth2_code')
      .columns(['signature', 'request_id', 'client_id', 'requested_at', 'expires_at', 'active', 'session_data'])
      .expression((eb) =>
        eb.selectFrom('moved').select([
          // Parameters in a select list have no type of their own in PostgreSQL: cast as the columns are.
          eb.cast<string>(eb.val(code.signature), 'varchar').as('signature'),
          eb.cast<string>(eb.val(code.request_id), 'varchar').as('request_id'),
          eb.cast<string>(eb.val(code.client_id), 'varchar').as('client_id'),
          eb.cast<number>(eb.val(code.requested_at), 'bigint').as('requested_at'),
          eb.cast<number>(eb.val(code.expires_at), 'bigint').as('expires_at'),
          eb.cast<number>(eb.val(code.active), 'smallint').as('active'),
          eb.cast<string>(eb.val(code.session_data), 'text').as('session_data'),
        ]),
      )
      .returning('signature')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** The additional data binds the sealed blob to its row: rows cannot be swapped. */
  private seal(id: string, data: FlowData): string {
    return this.aead.seal(JSON.stringify(data), `flow:${id}`);
  }
}
