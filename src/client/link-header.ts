/**
 * The `Link` header of a keyset page (RFC 8288), as Hydra's keysetpagination `SetLinkHeader`
 * writes it: always a `first` link, and a `next` link only when another page exists; each keeps
 * the request's other query parameters (filters) and carries page_size and page_token. Query
 * keys are sorted, as Go's `url.Values.Encode` does.
 */
export interface LinkPage {
  path: string;
  query: URLSearchParams;
  pageSize: number;
  firstToken: string;
  nextToken?: string;
}

export function linkHeader(page: LinkPage): string {
  const parts = [part(page, 'first', page.firstToken)];
  if (page.nextToken !== undefined) parts.push(part(page, 'next', page.nextToken));
  return parts.join(',');
}

function part(page: LinkPage, rel: string, token: string): string {
  const query = new URLSearchParams(page.query);
  query.set('page_token', token);
  query.set('page_size', String(page.pageSize));
  query.sort();
  return `<${page.path}?${query.toString()}>; rel="${rel}"`;
}
