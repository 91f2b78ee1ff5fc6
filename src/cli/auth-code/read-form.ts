/**
 * Reads an application/x-www-form-urlencoded body, the shape of a response_mode=form_post
 * callback (OAuth 2.0 Form Post Response Mode §2), and returns it re-encoded as a query string.
 * The body is capped: a callback carries a few parameters, never megabytes.
 */
import type { IncomingMessage } from 'node:http';

const LIMIT = 64 * 1024;

export async function readForm(req: IncomingMessage): Promise<string> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > LIMIT) throw new Error('form body too large');
    chunks.push(chunk);
  }
  if (type !== 'application/x-www-form-urlencoded') return '';
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8')).toString();
}
