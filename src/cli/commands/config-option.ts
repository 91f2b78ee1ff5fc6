/**
 * `-c, --config`, as Hydra's persistent string-slice flag: repeatable (`-c a.yml -c b.yml`) and
 * comma-separated (`-c a.yml,b.yml`), later files overriding earlier ones. It takes exactly one
 * value per use, so it never swallows the subcommand or arguments after it: Hydra's quickstart
 * writes `serve -c hydra.yml all --dev` and `migrate -c hydra.yml sql -e --yes`.
 */
import { Option, type Command } from 'commander';

export function configOption(): Option {
  return new Option('-c, --config <file>', 'Config file (YAML or JSON); repeat or separate with commas')
    .argParser((value: string, previous: string[] | undefined) => [
      ...(previous ?? []),
      ...value.split(',').map((file) => file.trim()).filter(Boolean),
    ]);
}

/** The config files given on a command and on its parents, parents first. */
export function configFiles(command: Command): string[] {
  const files: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) {
    const own = current.opts<{ config?: string[] }>().config;
    if (own) files.unshift(...own);
  }
  return files;
}
