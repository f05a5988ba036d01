/**
 * A `pg.Client` whose first connections are ended by the server right after their startup,
 * and read late: the race behind the uncaught 'error' events of docs/runtime.md ("Connection
 * errors that end the process"), made exact.
 *
 * After each message the client sends while connecting, it keeps the event loop busy (as a
 * busy or just-thawed Lambda does) long enough for the server to finish the startup
 * (ReadyForQuery) and then end the idle session (its own `idle_session_timeout`, 50 ms). Both
 * messages then arrive in one socket read, so the pool hands the client over and the FATAL
 * is emitted in the same synchronous run: before `await pool.connect()` can resume.
 */
import pg from 'pg';

const blockEventLoop = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** The server ends such a session this long after it is ready. */
const IDLE_SESSION_TIMEOUT_MS = 50;
/** How long the client leaves the socket unread after each startup message it sends. */
const STALL_MS = 300;

/**
 * A `pg.Client` class (for `new pg.Pool({ Client })`) of which the first `lateConnections`
 * instances connect as described above; later ones are ordinary clients.
 */
export function clientReadingStartupLate(lateConnections = 1): typeof pg.Client {
  let remaining = lateConnections;
  return class LateStartupReader extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      const late = remaining > 0;
      remaining -= 1;
      super(late ? { ...config, options: `-c idle_session_timeout=${IDLE_SESSION_TIMEOUT_MS}` } : config);
      if (!late) return;
      const connection = (this as unknown as { connection: { stream: NodeJS.WritableStream & NodeJS.EventEmitter } }).connection;
      const { stream } = connection;
      // net.Socket#connect resets an own `write`, so wrap it once the socket is connected.
      stream.once('connect', () => {
        const write = stream.write;
        stream.write = ((...args: Parameters<typeof write>) => {
          queueMicrotask(() => {
            if ((this as unknown as { _connecting: boolean })._connecting) blockEventLoop(STALL_MS);
          });
          return write.apply(stream, args);
        }) as typeof write;
      });
    }
  };
}
