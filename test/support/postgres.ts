/**
 * A throwaway PostgreSQL server for the runtime tests: a fresh cluster in a temp folder, on a
 * free port on 127.0.0.1, that a test can stop, start and restart to produce the failures
 * Aurora Serverless v2 produces (FACTS.md, "What can run here").
 *
 * - `initdb`/`pg_ctl` refuse to run as root, so as root they run as `postgres` via `su`.
 * - TCP connections need a password (scram-sha-256), so a wrong password is a real P1000;
 *   the Unix socket (in the temp folder, never the system's) trusts the local user.
 * - Every server is stopped and its folder removed after the test file (`afterAll` in the
 *   caller, plus a process `exit` hook), and a run that was killed leaves a pid file the next
 *   run uses to clean up after it.
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFileAsync = promisify(execFile);

const TEMP_PREFIX = 'prisma-aurora-fix-pg-';
const OWNER_FILE = 'owner.pid';

export interface PostgresServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: 'postgres';
  readonly password: string;
  readonly database: 'postgres';
  /** The folder holding the cluster, the socket and the log. */
  readonly dir: string;
  /** `postgresql://postgres:<password>@127.0.0.1:<port>/postgres`, or with the given parts replaced. */
  url(parts?: { password?: string; port?: number; database?: string }): string;
  /** Runs one statement on a new connection (so it works across restarts) and returns the rows. */
  sql<Row extends Record<string, unknown> = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** The same, synchronously through `psql`: blocks the event loop, so nothing else in this process reads its sockets meanwhile. */
  sqlSync(text: string): string;
  /** `pg_ctl stop -m fast`: refuses new connections and ends the running ones. */
  stop(): Promise<void>;
  /** `pg_ctl start -w`: resolves once the server accepts connections. */
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server for good and removes its folder. */
  destroy(): Promise<void>;
  readonly running: boolean;
}

export interface StartPostgresOptions {
  /** `postgresql.conf` settings, e.g. `{ idle_session_timeout: '500ms' }`. */
  settings?: Record<string, string>;
}

function findBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new Error(
      "No PostgreSQL server under /usr/lib/postgresql/*/bin: run `bash scripts/ensure-system-packages.sh` (it installs Debian's postgresql package).",
    );
  }
  return join(root, newest, 'bin');
}

const isRoot = process.getuid?.() === 0;

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Runs a PostgreSQL server binary, as `postgres` when we are root (initdb and pg_ctl refuse root). */
async function runServerTool(binary: string, args: string[]): Promise<void> {
  if (isRoot) {
    const command = [binary, ...args].map(shellQuote).join(' ');
    await execFileAsync('su', ['postgres', '-s', '/bin/sh', '-c', command]);
  } else {
    await execFileAsync(binary, args);
  }
}

function runServerToolSync(binary: string, args: string[]): void {
  const options = { stdio: 'ignore' as const, timeout: 15_000 };
  if (isRoot) {
    execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [binary, ...args].map(shellQuote).join(' ')], options);
  } else {
    execFileSync(binary, args, options);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const liveServers = new Set<{ dataDir: string; dir: string; binDir: string; running: boolean }>();
let exitHookInstalled = false;

/** Last resort when a test file forgot `destroy()` or threw in `beforeAll`: never leave a server behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const server of liveServers) {
      try {
        if (server.running) runServerToolSync(join(server.binDir, 'pg_ctl'), ['-D', server.dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone.
      }
      rmSync(server.dir, { recursive: true, force: true });
    }
  });
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let sweptStaleServers = false;

/** Removes servers left by test processes that were killed (SIGKILL skips every hook). */
function sweepStaleServers(binDir: string): void {
  if (sweptStaleServers) return;
  sweptStaleServers = true;
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue; // Being created right now, or not ours.
    }
    if (!Number.isInteger(owner) || isProcessAlive(owner)) continue;
    try {
      if (existsSync(join(dir, 'data', 'postmaster.pid'))) {
        runServerToolSync(join(binDir, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
      }
    } catch {
      // Not running.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const binDir = findBinDir();
  sweepStaleServers(binDir);
  installExitHook();

  const dir = mkdtempSync(join(tmpdir(), TEMP_PREFIX));
  writeFileSync(join(dir, OWNER_FILE), String(process.pid));
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'socket');
  const logFile = join(dir, 'server.log');
  const passwordFile = join(dir, 'password');
  const password = randomBytes(12).toString('hex');
  const state = { dataDir, dir, binDir, running: false };
  liveServers.add(state);

  try {
    execFileSync('mkdir', ['-p', socketDir]);
    writeFileSync(passwordFile, `${password}\n`);
    if (isRoot) {
      const { uid, gid } = postgresUser();
      for (const path of [dir, socketDir, passwordFile]) chownSync(path, uid, gid);
    }
    chmodSync(dir, 0o700);

    await runServerTool(join(binDir, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--pwfile',
      passwordFile,
      '--auth-host=scram-sha-256',
      '--auth-local=trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
  } catch (error) {
    liveServers.delete(state);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const settings: Record<string, string> = {
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '100',
    ...options.settings,
  };
  let port = 0;

  const start = async (): Promise<void> => {
    // A port taken between freePort() and the server's bind is retried with another one.
    for (let attempt = 0; ; attempt += 1) {
      if (port === 0) port = await freePort();
      const serverOptions = [
        `-p ${port}`,
        `-k ${socketDir}`,
        `-c listen_addresses=127.0.0.1`,
        ...Object.entries(settings).map(([key, value]) => `-c ${key}=${value}`),
      ];
      try {
        await runServerTool(join(binDir, 'pg_ctl'), [
          '-D',
          dataDir,
          '-l',
          logFile,
          '-o',
          serverOptions.join(' '),
          '-w',
          '-t',
          '30',
          'start',
        ]);
        state.running = true;
        return;
      } catch (error) {
        const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
        if (attempt < 3 && /could not bind|Address already in use/i.test(log) && !state.running) {
          port = 0;
          continue;
        }
        throw new Error(`pg_ctl start failed: ${(error as Error).message}\n${log.slice(-2000)}`);
      }
    }
  };

  const stop = async (): Promise<void> => {
    if (!state.running) return;
    await runServerTool(join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
    state.running = false;
  };

  await start();

  const url = (parts: { password?: string; port?: number; database?: string } = {}): string =>
    `postgresql://postgres:${encodeURIComponent(parts.password ?? password)}@127.0.0.1:${parts.port ?? port}/${parts.database ?? 'postgres'}`;

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user: 'postgres',
    password,
    database: 'postgres',
    dir,
    url,
    get running() {
      return state.running;
    },
    async sql<Row extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]> {
      // The admin connection is immune to the timeouts tests set on the server.
      const client = new pg.Client({
        connectionString: url(),
        application_name: 'test-admin',
        options: '-c idle_session_timeout=0 -c statement_timeout=0',
      });
      client.on('error', () => undefined);
      await client.connect();
      try {
        const result = await client.query<Row>(text, params);
        return result.rows;
      } finally {
        await client.end();
      }
    },
    sqlSync(text: string): string {
      return execFileSync(
        join(binDir, 'psql'),
        [
          '-X',
          '-q',
          '-A',
          '-t',
          '-v',
          'ON_ERROR_STOP=1',
          '-h',
          socketDir,
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          'postgres',
          '-c',
          text,
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, PGAPPNAME: 'test-admin', PGOPTIONS: '-c idle_session_timeout=0' },
          timeout: 15_000,
        },
      );
    },
    stop,
    start,
    async restart() {
      await stop();
      await start();
    },
    async destroy() {
      try {
        if (state.running) await runServerTool(join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        state.running = false;
        liveServers.delete(state);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined || fields.length < 4) {
    throw new Error("No `postgres` user in /etc/passwd: install Debian's postgresql package (scripts/ensure-system-packages.sh).");
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}
