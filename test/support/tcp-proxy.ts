/**
 * A TCP proxy on 127.0.0.1 in front of PostgreSQL that drops connections the way a network,
 * an NLB or Aurora does: with a FIN (an orderly close) or a RST (`socket.resetAndDestroy()`),
 * either while the connection is idle or in the middle of a query.
 *
 * "Mid-query" is exact: the proxy reads the server's side of the PostgreSQL protocol, so it
 * knows when a connection has finished its startup (the first ReadyForQuery), and a trap armed
 * with `dropNextQuery` fires on the next message a ready client sends, either before the query
 * reaches the server (`'before-server'`: it never ran) or after the server answered but before
 * the client hears the answer (`'after-server-answered'`: it ran, and committed if it was an
 * autocommit write; the client cannot know).
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type DropMode = 'fin' | 'rst';
export type QueryDropPoint = 'before-server' | 'after-server-answered';
/** What a trap does: drop the connection (FIN or RST), or stall it: relay nothing more, close nothing. */
export type TrapAction = DropMode | 'stall';

interface ProxiedConnection {
  client: Socket;
  server: Socket;
  /** The server has sent ReadyForQuery at least once: startup and authentication are over. */
  ready: boolean;
  /** Bytes of an incomplete server message, kept to find message boundaries. */
  pending: Buffer;
  /** Armed by a trap: hold back the server's next answer and drop (or stall) instead of relaying it. */
  dropOnServerAnswer: TrapAction | undefined;
  /**
   * Relays nothing in either direction while both sockets stay open: what a client sees when
   * the network dropped its connection without a RST (a frozen Lambda's NAT mapping expired):
   * its query is sent and nothing ever comes back, not even an error.
   */
  stalled: boolean;
  closed: boolean;
}

export interface TcpProxy {
  readonly port: number;
  /** Connections currently open through the proxy. */
  readonly openConnections: number;
  /** How many connections the proxy has accepted in total. */
  readonly acceptedConnections: number;
  /** Drops every open connection now (idle ones, or whatever they are doing). Returns how many. */
  dropAll(mode: DropMode): number;
  /** Stalls every open connection now (see `stalled`); new connections are relayed as usual. Returns how many. */
  stallAll(): number;
  /**
   * Drops the connection that sends the next query (any message from a client whose startup is
   * over). Resolves when it fired.
   */
  dropNextQuery(mode: TrapAction, point: QueryDropPoint): Promise<void>;
  /** Stops accepting and drops everything. */
  close(): Promise<void>;
}

/** Splits what the server sent into whole protocol messages and reports whether one was ReadyForQuery ('Z'). */
function sawReadyForQuery(connection: ProxiedConnection, chunk: Buffer): boolean {
  let buffer = connection.pending.length > 0 ? Buffer.concat([connection.pending, chunk]) : chunk;
  let ready = false;
  while (buffer.length >= 5) {
    const length = buffer.readUInt32BE(1);
    if (buffer.length < 1 + length) break;
    if (buffer[0] === 0x5a) ready = true;
    buffer = buffer.subarray(1 + length);
  }
  connection.pending = Buffer.from(buffer);
  return ready;
}

function drop(connection: ProxiedConnection, mode: TrapAction): void {
  if (connection.closed) return;
  if (mode === 'stall') {
    connection.stalled = true;
    return;
  }
  connection.closed = true;
  if (mode === 'rst') {
    connection.client.resetAndDestroy();
    connection.server.resetAndDestroy();
  } else {
    connection.client.end();
    connection.server.end();
    // The peers answer the FIN with their own; if one never does, do not keep the socket forever.
    setTimeout(() => {
      connection.client.destroy();
      connection.server.destroy();
    }, 2_000).unref();
  }
}

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  const connections = new Set<ProxiedConnection>();
  let accepted = 0;
  let queryTrap: { mode: TrapAction; point: QueryDropPoint; fired: () => void } | undefined;
  const pendingFires = new Map<ProxiedConnection, () => void>();

  const server: Server = createServer((client) => {
    accepted += 1;
    const upstream = createConnection({ host: target.host ?? '127.0.0.1', port: target.port });
    const connection: ProxiedConnection = {
      client,
      server: upstream,
      ready: false,
      pending: Buffer.alloc(0),
      dropOnServerAnswer: undefined,
      stalled: false,
      closed: false,
    };
    connections.add(connection);
    client.setNoDelay(true);
    upstream.setNoDelay(true);

    client.on('data', (chunk) => {
      if (connection.closed || connection.stalled) return;
      const trap = queryTrap;
      if (trap !== undefined && connection.ready) {
        queryTrap = undefined;
        if (trap.point === 'before-server') {
          drop(connection, trap.mode);
          trap.fired();
          return;
        }
        connection.dropOnServerAnswer = trap.mode;
        upstream.write(chunk);
        // Fired once the server's answer arrives (below).
        pendingFires.set(connection, trap.fired);
        return;
      }
      upstream.write(chunk);
    });

    upstream.on('data', (chunk) => {
      if (connection.closed || connection.stalled) return;
      if (connection.dropOnServerAnswer !== undefined) {
        const mode = connection.dropOnServerAnswer;
        // Wait for the whole answer (up to ReadyForQuery), so the statement has committed.
        if (!sawReadyForQuery(connection, chunk)) return;
        drop(connection, mode);
        connection.dropOnServerAnswer = undefined;
        pendingFires.get(connection)?.();
        pendingFires.delete(connection);
        return;
      }
      if (sawReadyForQuery(connection, chunk)) connection.ready = true;
      client.write(chunk);
    });

    const forget = (): void => {
      if (!connection.closed) {
        connection.closed = true;
        client.destroy();
        upstream.destroy();
      }
      connections.delete(connection);
    };
    client.on('close', forget);
    upstream.on('close', forget);
    // Resets are the point of this proxy: errors only mean the other side is gone too.
    client.on('error', forget);
    upstream.on('error', forget);
    client.on('end', () => {
      if (!connection.closed) upstream.end();
    });
    upstream.on('end', () => {
      if (!connection.closed) client.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port');

  return {
    port: address.port,
    get openConnections() {
      return [...connections].filter((connection) => !connection.closed).length;
    },
    get acceptedConnections() {
      return accepted;
    },
    dropAll(mode) {
      let count = 0;
      for (const connection of connections) {
        if (connection.closed) continue;
        drop(connection, mode);
        count += 1;
      }
      return count;
    },
    stallAll() {
      let count = 0;
      for (const connection of connections) {
        if (connection.closed || connection.stalled) continue;
        drop(connection, 'stall');
        count += 1;
      }
      return count;
    },
    dropNextQuery(mode, point) {
      return new Promise<void>((fired) => {
        queryTrap = { mode, point, fired };
      });
    },
    async close() {
      queryTrap = undefined;
      for (const connection of connections) drop(connection, 'rst');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
