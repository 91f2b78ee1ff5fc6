/** FlowStore in memory (the contract is on src/flow/flow-store.ts). */
import { TRANSITIONS, type StepColumn, type Transition } from '../../../src/flow/flow-states.js';
import type { FlowRecord, FlowStore, TransitionChange } from '../../../src/flow/flow-store.js';
import { copy, type MemoryTables } from './memory-tables.js';

export class MemoryFlowStore implements FlowStore {
  constructor(private readonly tables: MemoryTables) {}

  async create(record: FlowRecord, loginChallengeHash: string): Promise<void> {
    if (this.tables.flows.has(record.id) || this.find('login_challenge', loginChallengeHash)) throw new Error('duplicate flow');
    this.tables.flows.set(record.id, { record: copy(record), secrets: { login_challenge: loginChallengeHash }, subject: null, consentRemember: false });
  }

  async findBy(column: StepColumn, hash: string): Promise<FlowRecord | undefined> {
    const found = this.find(column, hash);
    return found && copy(found.record);
  }

  async rememberedConsents(subject: string, clientId: string, limit = 20): Promise<FlowRecord[]> {
    return [...this.tables.flows.values()]
      .filter((flow) => flow.subject === subject && flow.record.clientId === clientId && flow.consentRemember && flow.record.state === 'consent_used')
      .sort((a, b) => b.record.requestedAt - a.record.requestedAt)
      .slice(0, limit)
      .map((flow) => copy(flow.record));
  }

  async transition(id: string, transition: Transition, change: TransitionChange): Promise<boolean> {
    const { from, to } = TRANSITIONS[transition]!;
    const flow = this.tables.flows.get(id);
    if (!flow || flow.record.state !== from) return false;
    if (change.issue && this.find(change.issue.column, change.issue.hash)) throw new Error('duplicate step secret');
    if (change.consentSession && this.tables.consentSessions.has(change.consentSession.flow_id)) throw new Error('duplicate consent session');
    flow.record = { ...flow.record, state: to, data: copy(change.data), expiresAt: change.expiresAt };
    if (change.issue) flow.secrets[change.issue.column] = change.issue.hash;
    if (change.subject !== undefined) flow.subject = change.subject;
    if (change.consentRemember) flow.consentRemember = true;
    if (change.consentSession) this.tables.consentSessions.set(change.consentSession.flow_id, copy(change.consentSession));
    return true;
  }

  private find(column: StepColumn, hash: string) {
    return [...this.tables.flows.values()].find((flow) => flow.secrets[column] === hash);
  }
}
