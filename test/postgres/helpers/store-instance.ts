// Starts the status store in a child process (test/postgres/helpers/store-process.ts) on a given
// database and calls it: one more instance of the app, as far as the database and NOTIFY can tell.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface StoreInstance {
  call<T = unknown>(op: string, ...args: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

export function startStoreInstance(databaseUrl: string, extraEnv: Record<string, string> = {}): StoreInstance {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'test/postgres/helpers/store-process.ts'],
    { env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test', ...extraEnv }, stdio: 'pipe' },
  );
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('{"id"')) return;
    const message = JSON.parse(line) as { id: number; value?: unknown; error?: string };
    const w = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.error !== undefined) w?.reject(new Error(message.error));
    else w?.resolve(message.value);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      for (const w of waiting.values()) w.reject(new Error(`store process exited (${code}): ${stderr.slice(-2000)}`));
      waiting.clear();
      resolve();
    }),
  );
  return {
    call<T>(op: string, ...args: unknown[]) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.stdin.write(`${JSON.stringify({ id, op, args })}\n`);
      });
    },
    async stop() {
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
  };
}
