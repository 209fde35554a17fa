import { runCli } from '../../src/cli';

/** The command-line tool run in-process on `databaseUrl`: its exit code and what it printed (its console errors muted). */
export async function cli(databaseUrl: string, args: string[]): Promise<{ code: number; out: string }> {
  process.env.DATABASE_URL = databaseUrl;
  const lines: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return { code: await runCli(args, (l) => lines.push(l)), out: lines.join('\n') };
  } finally {
    spy.mockRestore();
  }
}
