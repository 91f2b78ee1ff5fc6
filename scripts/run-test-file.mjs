// Runs one compiled test file with node's test runner (spec reporter) and collects its output,
// its exit code, its wall time and the counts from the reporter's closing lines.
//
// The file runs as `node --test-reporter=spec file`, not `node --test file`: for a single file,
// `--test` only adds a second node process (the orchestrator, which spawns the file's process and
// re-renders its events), about 0.2 s of CPU per file, 186 file runs in CI. node:test runs the
// file's tests and prints the same spec report with the same counts either way; a file that
// throws while loading, or fails after its tests ended, exits non-zero, which counts as failed.
import { spawn } from 'node:child_process';

export function runFile(file, env) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--test-reporter=spec', file], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const count = (name) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
      resolve({
        file,
        code: code ?? (signal ? 1 : 0),
        seconds,
        tests: count('tests'),
        passed: count('pass'),
        // cancelled tests (a hook that failed, a timeout) are failures too
        failed: count('fail') + count('cancelled'),
        output: `\n▶ ${file} (${env.TEST_DATABASES}, ${seconds.toFixed(1)} s)\n${output}`,
      });
    });
  });
}
