/**
 * Page tokens of the client list, as Hydra's keysetpagination: the last id of a page, sealed
 * with AES-256-GCM under secrets.pagination and bound to this purpose by the associated data,
 * valid for one hour. The client cannot read or forge one, so a token never reaches SQL as
 * anything but an id this server wrote; one that does not open is a 400, not a query.
 */
import { errors } from '../core/errors.js';
import type { Aead } from '../crypto/aead.js';

const PURPOSE = 'tessera/admin/clients/page-token';
const LIFETIME_MS = 60 * 60 * 1000;

interface Payload {
  /** The id after which the page starts; '' for the first page. */
  id: string;
  /** Expiry, epoch milliseconds. */
  e: number;
}

export class PageTokens {
  constructor(
    private readonly aead: Aead,
    private readonly now: () => number = Date.now,
    /** Binds tokens to one list: a client-list token cannot page consent sessions. */
    private readonly purpose: string = PURPOSE,
  ) {}

  seal(after: string): string {
    const payload: Payload = { id: after, e: this.now() + LIFETIME_MS };
    return this.aead.seal(JSON.stringify(payload), this.purpose);
  }

  /** The id the page starts after; throws invalid_request for a token this server did not issue. */
  open(token: string): string {
    let payload: Payload;
    try {
      payload = JSON.parse(this.aead.openText(token, this.purpose)) as Payload;
    } catch {
      throw errors.invalidRequest.withHint('The page_token is not valid; use a token from the Link header of a previous page.');
    }
    if (typeof payload?.id !== 'string' || typeof payload.e !== 'number') {
      throw errors.invalidRequest.withHint('The page_token is not valid; use a token from the Link header of a previous page.');
    }
    if (payload.e < this.now()) {
      throw errors.invalidRequest.withHint('The page_token has expired; page tokens are valid for one hour and must not be stored.');
    }
    return payload.id;
  }
}
