/**
 * The HTTP and optional HTTPS listeners (TLS ≥ 1.2; mTLS when a CA is given), with `down()`/`up()`
 * that close and reopen the same ports (clients see ECONNREFUSED in between).
 */
import * as http from "http";
import * as https from "https";
import type { AddressInfo, Socket } from "net";
import type { EmulatorTlsOptions } from "./types";

type Server = http.Server | https.Server;

/** Both listeners and their open sockets. */
export class Listeners {
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly ports: number[] = [];
  private isUp = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
    tls: EmulatorTlsOptions | undefined,
    handler: http.RequestListener,
  ) {
    this.servers.push(http.createServer({ keepAliveTimeout: 5000 }, handler));
    if (tls !== undefined) {
      const mtls = tls.ca !== undefined ? { ca: tls.ca, requestCert: true, rejectUnauthorized: true } : {};
      const server = https.createServer(
        { cert: tls.cert, key: tls.key, minVersion: "TLSv1.2", ...mtls },
        handler,
      );
      this.servers.push(server);
    }
    this.ports = [port, tls?.port ?? 0];
    for (const s of this.servers) {
      const track = (socket: Socket) => {
        this.sockets.add(socket);
        socket.once("close", () => this.sockets.delete(socket));
      };
      s.on(s instanceof https.Server ? "secureConnection" : "connection", track);
      if (s instanceof https.Server) s.on("connection", track);
    }
  }

  /** Bound ports: `[http, https?]`. */
  get boundPorts(): readonly number[] {
    return this.ports.slice(0, this.servers.length);
  }

  /** Starts listening (the first time on the configured ports, then on the same bound ports). */
  async up(): Promise<void> {
    if (this.isUp) return;
    await Promise.all(
      this.servers.map(
        (s, i) =>
          new Promise<void>((resolve, reject) => {
            s.once("error", reject);
            s.listen(this.ports[i] ?? 0, this.host, () => {
              s.off("error", reject);
              this.ports[i] = (s.address() as AddressInfo).port;
              resolve();
            });
          }),
      ),
    );
    this.isUp = true;
  }

  /** Stops accepting connections and drops open ones. */
  async down(): Promise<void> {
    if (!this.isUp) return;
    this.isUp = false;
    const closed = this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await Promise.all(closed);
  }
}
