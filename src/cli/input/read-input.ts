/** Reads what a command was pointed at: a file path, or `-` for standard input. */
import { readFile } from 'node:fs/promises';
import { CliError } from '../fail.js';

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function readInput(path: string): Promise<Buffer> {
  if (path === '-') return readStdin();
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`Could not open file ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

export function parseJsonInput(content: Buffer, source: string): unknown {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch (error) {
    throw new CliError(`Could not decode JSON from ${source === '-' ? 'STDIN' : source}: ${(error as Error).message}`);
  }
}
