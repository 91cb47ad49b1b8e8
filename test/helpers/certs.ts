/**
 * Throwaway X.509 material for TLS and mTLS tests (node-forge, RSA 2048, valid one day).
 * Nothing here is secret: keys are generated per call and never written to disk.
 */
import forge from "node-forge";

/** A PEM certificate and its private key. */
export interface PemPair {
  readonly cert: string;
  readonly key: string;
}

/** A self-signed certificate authority able to sign leaf certificates with {@link makeCert}. */
export interface TestCa extends PemPair {
  readonly forgeCert: forge.pki.Certificate;
  readonly forgeKey: forge.pki.rsa.PrivateKey;
}

/** Options of a leaf certificate. */
export interface CertOptions {
  /** Subject common name. */
  readonly cn: string;
  /** IP subjectAltNames, e.g. `["127.0.0.1"]`. */
  readonly altIps?: readonly string[];
  /** DNS subjectAltNames, e.g. `["localhost"]`. */
  readonly altNames?: readonly string[];
  /** Issue a client certificate (extKeyUsage clientAuth) instead of a server one. */
  readonly client?: boolean;
}

let serial = 1;

function nextSerial(): string {
  serial += 1;
  return (Date.now() * 1000 + serial).toString(16);
}

function baseCert(cn: string, publicKey: forge.pki.rsa.PublicKey): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = nextSerial();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject([{ name: "commonName", value: cn }]);
  return cert;
}

/** Creates a fresh self-signed CA (`CN=pulumi-loxilb test CA`). */
export function makeCa(cn = "pulumi-loxilb test CA"): TestCa {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = baseCert(cn, keys.publicKey);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return {
    cert: forge.pki.certificateToPem(cert),
    key: forge.pki.privateKeyToPem(keys.privateKey),
    forgeCert: cert,
    forgeKey: keys.privateKey,
  };
}

/** Issues a server (default) or client certificate signed by `ca`. */
export function makeCert(ca: TestCa, opts: CertOptions): PemPair {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = baseCert(opts.cn, keys.publicKey);
  cert.setIssuer(ca.forgeCert.subject.attributes);
  const altNames = [
    ...(opts.altNames ?? []).map((value) => ({ type: 2, value })),
    ...(opts.altIps ?? []).map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    opts.client === true
      ? { name: "extKeyUsage", clientAuth: true }
      : { name: "extKeyUsage", serverAuth: true },
    ...(altNames.length > 0 ? [{ name: "subjectAltName", altNames }] : []),
  ]);
  cert.sign(ca.forgeKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}
