import readline from 'node:readline';

/**
 * The password comes from standard input, never from an argument (arguments show in `ps` and in
 * shell history). On a terminal it is asked twice without echo; from a pipe the first line is read.
 */
export async function readPassword(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of input) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = readline.createInterface({ input, output, terminal: true });
      const mutable = rl as unknown as { _writeToOutput: (s: string) => void };
      mutable._writeToOutput = (s: string) => {
        if (s.includes(prompt)) output.write(prompt);
      };
      rl.question(prompt, (answer) => {
        rl.close();
        output.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('Password: ');
  const second = await ask('Password again: ');
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}
