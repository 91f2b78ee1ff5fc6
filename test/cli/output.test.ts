import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alignTabs } from '../../src/cli/output/tabwriter.js';
import { printRow, printTable } from '../../src/cli/output/printer.js';
import { clientPage, clientRow } from '../../src/cli/output/client-view.js';
import { parseFormat, resolvePointer } from '../../src/cli/output/format.js';
import { splitCsv } from '../../src/cli/flags/option-kinds.js';
import { nextPageToken } from '../../src/cli/admin-client.js';
import { resolveConnection } from '../../src/cli/http/connection.js';

function capture(print: (write: (text: string) => void) => void): string {
  let out = '';
  print((text) => (out += text));
  return out;
}

describe('CLI output', () => {
  it('aligns columns with tabs as Go text/tabwriter (tabwidth 8, padding 1)', () => {
    assert.equal(alignTabs('A\tBB\t\nCCCCCCCC\tD\t\n'), 'A\t\tBB\t\nCCCCCCCC\tD\t\n');
    // A cell of exactly 7 characters plus padding fills one tab stop; 8 need a second.
    assert.equal(alignTabs('1234567\tx\t\nab\ty\t\n'), '1234567\tx\t\nab\ty\t\n');
    // A line without a cell in a column ends that column's block.
    assert.equal(alignTabs('ID\tNAME\t\n\t\nLONGER-THAN-8\tv\t\n'), 'ID\t\tNAME\t\n\t\t\nLONGER-THAN-8\tv\t\n');
  });

  it('prints a client as Hydra: a vertical row, or JSON/YAML of the server body', () => {
    const client = { client_id: 'c1', client_secret: 's3cret', grant_types: ['a', 'b'], scope: 'x y', audience: ['p', 'q'] };
    const table = capture((w) => printRow(clientRow(client), { kind: 'table' }, w));
    assert.deepEqual(
      table.split('\n').map((line) => line.split(/\t+/).slice(0, 2)),
      [['CLIENT ID', 'c1'], ['CLIENT SECRET', 's3cret'], ['GRANT TYPES', 'a, b'], ['RESPONSE TYPES', ''], ['SCOPE', 'x y'], ['AUDIENCE', 'p,q'], ['REDIRECT URIS', ''], ['']],
    );
    assert.deepEqual(JSON.parse(capture((w) => printRow(clientRow(client), { kind: 'json' }, w))), client);
    assert.match(capture((w) => printRow(clientRow(client), { kind: 'yaml' }, w)), /^client_id: c1$/m);
    assert.equal(capture((w) => printRow(clientRow(client), { kind: 'quiet' }, w)), 'c1\n');
  });

  it('prints a page of clients with its next page token, as Ory PaginatedList', () => {
    const page = clientPage([{ client_id: 'a' }], 'tok');
    assert.deepEqual(JSON.parse(capture((w) => printTable(page, { kind: 'json' }, w))), {
      items: [{ client_id: 'a' }],
      next_page_token: 'tok',
      is_last_page: false,
    });
    assert.match(capture((w) => printTable(page, { kind: 'table' }, w)), /^NEXT PAGE TOKEN\t+tok\t$/m);
  });

  it('parses formats and JSON pointers', () => {
    assert.deepEqual(parseFormat('default'), { kind: 'table' });
    assert.deepEqual(parseFormat('jsonpointer=/a'), { kind: 'jsonpointer', pointer: '/a' });
    assert.throws(() => parseFormat('xml'), /Unknown output format/);
    assert.equal(resolvePointer({ a: [{ 'b/c': 1 }] }, '/a/0/b~1c'), 1);
  });
});

describe('CLI input', () => {
  it('splits list flags as pflag reads CSV', () => {
    assert.deepEqual(splitCsv('a,b'), ['a', 'b']);
    assert.deepEqual(splitCsv(''), []);
    assert.deepEqual(splitCsv('"x,y",z'), ['x,y', 'z']);
  });

  it('finds the next page token in a Link header', () => {
    const link = '</admin/clients?page_size=2&page_token=abc>; rel="next", </admin/clients?page_size=2>; rel="first"';
    assert.equal(nextPageToken(link), 'abc');
    assert.equal(nextPageToken('</admin/clients?page_token=zz>; rel="first"'), '');
    assert.equal(nextPageToken(null), '');
  });

  it('resolves the endpoint from the flag or either environment variable, trailing slash or not', () => {
    const fromEnv = resolveConnection({}, ['ORY_SDK_URL', 'HYDRA_ADMIN_URL'], 'v2', { HYDRA_ADMIN_URL: 'http://h:4445/' });
    assert.equal(fromEnv.endpoint.href, 'http://h:4445/');
    const withPath = resolveConnection({ endpoint: 'https://gw/hydra/', httpHeader: ['X-A: 1:2'] }, [], 'v2', {});
    assert.equal(withPath.endpoint.pathname, '/hydra');
    assert.deepEqual(withPath.headers, { 'x-a': '1:2' });
    assert.throws(() => resolveConnection({}, ['ORY_SDK_URL'], 'v2', {}), /--endpoint.*ORY_SDK_URL/);
    assert.throws(() => resolveConnection({ endpoint: 'ftp://x' }, [], 'v2', {}), /http/);
  });
});
