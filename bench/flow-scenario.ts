/**
 * The code flow scenario: whole flows per second, Tessera (login and consent accepted through its
 * admin API) against node-oidc-provider (its development interactions), `flowConcurrency` flows in
 * flight. Twice: an OAuth 2.0 flow (scope read, an opaque access token and nothing else) and an
 * OpenID Connect one (scope openid read: also an ID token, RS256 with a 4096-bit key on both sides,
 * which costs a few ms of CPU per flow and bounds the rate on this machine).
 */
import { createFlowClient, tesseraCodeFlow, type FlowTarget } from './code-flow.js';
import { measureFlows } from './flow-runner.js';
import { peerCodeFlow } from './peer-code-flow.js';
import { loadRow, type Row } from './report.js';
import { settings } from './settings.js';

const VARIANTS = [
  { scenario: 'code flow (OAuth 2.0, opaque)', scope: 'read' },
  { scenario: 'code flow (openid, ID token RS256)', scope: 'openid read' },
];

export async function codeFlowRows(tessera: Omit<FlowTarget, 'scope'>, peerUrl: string): Promise<Row[]> {
  await createFlowClient(tessera.adminUrl, 'openid read');
  const rows: Row[] = [];
  for (const { scenario, scope } of VARIANTS) {
    const spec = { concurrency: settings.flowConcurrency, seconds: settings.seconds, warmupSeconds: settings.warmupSeconds };
    // One flow each first: a broken flow fails here with its step, not as a run of errors.
    await tesseraCodeFlow({ ...tessera, scope });
    const ours = await measureFlows({ ...spec, flow: () => tesseraCodeFlow({ ...tessera, scope }) });
    let peer;
    try {
      await peerCodeFlow(peerUrl, scope);
      peer = await measureFlows({ ...spec, flow: () => peerCodeFlow(peerUrl, scope) });
    } catch (error) {
      process.stderr.write(`the peer's code flow failed: ${(error as Error).message}\n`);
      peer = 'n/a (its flow failed, see stderr)';
    }
    rows.push(loadRow(scenario, ours, peer, 'flows/s'));
  }
  return rows;
}
