/**
 * Keep-alive agents, one per endpoint, sized by `apiConnectionPoolSize`. HTTPS agents verify the
 * server by default and carry the CA bundle and client certificate (mTLS) from the options.
 */
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import { ConfigError } from "./errors";
import type { LoxiLBClientOptions } from "./options";

/** PEM material for HTTPS endpoints, read once per client. */
export interface TlsMaterial {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly rejectUnauthorized: boolean;
}

/** Resolve inline PEM (preferred) or files. Throws {@link ConfigError} naming the option, never the key. */
export function tlsMaterialFrom(o: LoxiLBClientOptions): TlsMaterial {
  const ca = pem(o.tlsCaCert, o.tlsCaCertFile, "tlsCaCertFile");
  const cert = pem(o.tlsClientCert, o.tlsClientCertFile, "tlsClientCertFile");
  const key = pem(o.tlsClientKey, o.tlsClientKeyFile, "tlsClientKeyFile");
  if ((cert === undefined) !== (key === undefined)) {
    throw new ConfigError("tlsClientCert", "a client certificate and its key must be given together");
  }
  if (o.authType === "tls" && cert === undefined) {
    throw new ConfigError("tlsClientCert", 'authType "tls" needs tlsClientCert(File) and tlsClientKey(File)');
  }
  return {
    ...(ca !== undefined ? { ca } : {}),
    ...(cert !== undefined ? { cert } : {}),
    ...(key !== undefined ? { key } : {}),
    rejectUnauthorized: o.tlsVerifyCert ?? true,
  };
}

function pem(inline: string | undefined, file: string | undefined, key: string): string | undefined {
  if (inline !== undefined && inline !== "") return inline;
  if (file === undefined || file === "") return undefined;
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "read error";
    throw new ConfigError(key, `cannot read ${file} (${code})`);
  }
}

/** A keep-alive agent for one endpoint: at most `poolSize` sockets, idle ones kept for reuse. */
export function agentFor(endpoint: string, poolSize: number, tls: TlsMaterial): http.Agent {
  const common = {
    keepAlive: true,
    maxSockets: poolSize,
    maxFreeSockets: poolSize,
    scheduling: "lifo" as const,
  };
  if (endpoint.startsWith("https:")) {
    return new https.Agent({
      ...common,
      rejectUnauthorized: tls.rejectUnauthorized,
      minVersion: "TLSv1.2",
      ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
      ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
      ...(tls.key !== undefined ? { key: tls.key } : {}),
    });
  }
  return new http.Agent(common);
}

/** Open sockets (busy + idle) of an agent, for leak checks. */
export function agentSocketCount(agent: http.Agent): number {
  const count = (m: NodeJS.ReadOnlyDict<unknown[]>) =>
    Object.values(m).reduce((n: number, list) => n + (list?.length ?? 0), 0);
  return count(agent.sockets) + count(agent.freeSockets);
}
