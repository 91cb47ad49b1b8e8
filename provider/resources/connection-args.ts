/**
 * The optional `connection` input of a load balancer (inherited by its children): the same options
 * as stack config `loxilb:*`, for one load balancer. The whole value is stored as a secret.
 */
import * as pulumi from "@pulumi/pulumi";

export interface LoxiLBConnectionArgs {
  /** loxilb API base URLs, e.g. `http://10.0.0.5:11111` (without `/netlox/v1`). */
  apiEndpoints: pulumi.Input<pulumi.Input<string>[]>;
  /** `none` (default), `token`, `password` (POST /auth/login) or `tls` (client certificate). */
  authType?: pulumi.Input<"none" | "token" | "password" | "tls">;
  /** Raw token sent in `Authorization` (authType `token`). */
  apiToken?: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  /** Verify the server certificate (default true). */
  tlsVerifyCert?: pulumi.Input<boolean>;
  /** PEM CA bundle, client certificate and key (inline). */
  tlsCaCert?: pulumi.Input<string>;
  tlsClientCert?: pulumi.Input<string>;
  tlsClientKey?: pulumi.Input<string>;
  /** Same, as file paths readable by the provider process. */
  tlsCaCertFile?: pulumi.Input<string>;
  tlsClientCertFile?: pulumi.Input<string>;
  tlsClientKeyFile?: pulumi.Input<string>;
  /** Per-request timeout in seconds (default 30). */
  apiTimeout?: pulumi.Input<number>;
  /** Retries of retriable failures (default 3). */
  apiRetries?: pulumi.Input<number>;
  /** Base backoff in seconds (default 1.0). */
  apiRetryInterval?: pulumi.Input<number>;
  /** Keep-alive sockets per endpoint (default 10). */
  apiConnectionPoolSize?: pulumi.Input<number>;
  /** Largest API answer body read, in bytes (default 16 MiB); past it the call fails. */
  maxResponseBytes?: pulumi.Input<number>;
  /** `failover` (default) or `all` (write every rule to every endpoint: loxilb HA pairs). */
  replication?: pulumi.Input<"failover" | "all">;
  /** Log every API call with secrets redacted (default false). */
  debugApiCalls?: pulumi.Input<boolean>;
}

/** The `connection` input as stored: secret as a whole, or undefined. */
export function secretConnection(
  connection: pulumi.Input<LoxiLBConnectionArgs> | undefined,
): pulumi.Output<LoxiLBConnectionArgs> | undefined {
  return connection === undefined ? undefined : pulumi.secret(connection);
}
