/**
 * Opens the welcome page in the user's browser, best effort, as Hydra does with
 * toqueteos/webbrowser: any failure (no desktop, no opener installed, a container) is ignored,
 * because the URL is printed anyway. The opener runs detached so it never holds this process.
 */
import { spawn } from 'node:child_process';

function opener(url: string): [string, string[]] {
  switch (process.platform) {
    case 'darwin':
      return ['open', [url]];
    case 'win32':
      // `start` is a cmd built-in; the empty string is its window title argument.
      return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
    default:
      return ['xdg-open', [url]];
  }
}

export function openBrowser(url: string): void {
  const [command, args] = opener(url);
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
  } catch {
    // No opener: the printed URL is the fallback.
  }
}
