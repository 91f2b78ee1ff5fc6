/**
 * `log.format` as Hydra: `text` (logfmt-style lines, Hydra's default), `json` (one object per
 * line) or `json_pretty`. pino always produces JSON; this destination re-renders each line.
 */
import { Writable } from 'node:stream';

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warning', 50: 'error', 60: 'fatal' };

export type LogFormat = 'json' | 'json_pretty' | 'text';

export function formatDestination(format: LogFormat, out: NodeJS.WritableStream = process.stdout): NodeJS.WritableStream {
  if (format === 'json') return out;
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(line);
        } catch {
          out.write(`${line}\n`);
          continue;
        }
        out.write(format === 'json_pretty' ? `${JSON.stringify(record, null, 2)}\n` : `${toText(record)}\n`);
      }
      done();
    },
  });
}

function toText(record: Record<string, unknown>): string {
  const { time, level, msg, ...rest } = record;
  const parts = [`time=${quote(String(time ?? ''))}`, `level=${LEVEL_NAMES[level as number] ?? level}`, `msg=${quote(String(msg ?? ''))}`];
  for (const [key, value] of Object.entries(rest)) {
    if (key === 'service') continue;
    parts.push(`${key}=${quote(typeof value === 'object' ? JSON.stringify(value) : String(value))}`);
  }
  return parts.join(' ');
}

function quote(value: string): string {
  return /^[A-Za-z0-9_.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
}
