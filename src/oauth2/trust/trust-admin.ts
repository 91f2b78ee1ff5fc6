/**
 * The admin side of JWT-bearer trust (Hydra oauth2/trust/handler.go): create, read, list with
 * keyset pagination and an optional issuer filter, delete. Ids are UUIDs (v4), as Hydra's; an id
 * that is not a UUID is a 400, as Hydra's uuid.FromString refusal.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../../core/errors.js';
import { parsePageSize } from '../../client/list-page.js';
import type { PageTokens } from '../../client/page-token.js';
import { parseTrustInput, roundToSecond } from './trust-input.js';
import type { TrustStore } from './trust-store.js';
import type { TrustedIssuer } from './trusted-issuer.js';

export interface TrustPageQuery {
  pageSize?: string;
  pageToken?: string;
  issuer?: string;
}

export interface TrustPage {
  trusts: TrustedIssuer[];
  pageSize: number;
  firstToken: string;
  nextToken?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class TrustAdmin {
  constructor(
    private readonly store: TrustStore,
    private readonly pageTokens: PageTokens,
    private readonly now: () => number,
  ) {}

  async create(body: unknown): Promise<TrustedIssuer> {
    const input = parseTrustInput(body);
    const trust: TrustedIssuer = { id: randomUUID(), ...input, createdAt: roundToSecond(this.now()) };
    await this.store.create(trust);
    return trust;
  }

  async get(id: string): Promise<TrustedIssuer> {
    return this.store.get(checkId(id));
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(checkId(id));
  }

  /** As the client list (client/list-page.ts): one row more than the page tells whether another follows. */
  async list(query: TrustPageQuery): Promise<TrustPage> {
    const pageSize = parsePageSize(query.pageSize);
    const after = query.pageToken ? this.pageTokens.open(query.pageToken) : '';
    const rows = await this.store.list({ after, limit: pageSize + 1, issuer: query.issuer || undefined });
    const trusts = rows.slice(0, pageSize);
    const page: TrustPage = { trusts, pageSize, firstToken: this.pageTokens.seal('') };
    if (rows.length > pageSize) page.nextToken = this.pageTokens.seal(trusts[trusts.length - 1]!.id);
    return page;
  }
}

function checkId(id: string): string {
  if (!UUID.test(id)) throw errors.invalidRequest.withHint(`Unable to parse parameter id: "${id}" is not a UUID.`);
  return id.toLowerCase();
}
