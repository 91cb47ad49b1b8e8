/**
 * A GitOps stack: the load balancer's members come from a reviewed file (`members.json`), so a pull
 * request that edits the file shows its exact effect on LoxiLB in the `pulumi preview --diff` the
 * workflow posts (see workflows/preview.yml). The preview runs against the LoxiLB emulator, so CI
 * needs no loxilb.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { HealthMonitor, Listener, LoxiLoadBalancer, Member, Pool } from "pulumi-loxilb";

interface Backend {
  readonly address: string;
  readonly port: number;
  readonly weight?: number;
}

const config = new pulumi.Config("gitops");
const vip = config.get("vip") ?? "192.0.2.30";
// Relative paths resolve against the project folder (the program's working directory under pulumi).
const file = path.resolve(config.get("membersFile") ?? "members.json");
const backends = JSON.parse(fs.readFileSync(file, "utf8")) as Backend[];

const lb = new LoxiLoadBalancer("gitops", { vipAddress: vip, natMode: "onearm" });
const listener = new Listener("api-443", { loadbalancer: lb, protocol: "TCP", protocolPort: 443 });
const pool = new Pool("api-pool", { listener, protocol: "TCP", lbMethod: "ROUND_ROBIN" });
for (const b of backends) {
  new Member(`api-${b.address}-${b.port}`, {
    pool,
    address: b.address,
    protocolPort: b.port,
    ...(b.weight !== undefined ? { weight: b.weight } : {}),
  });
}
new HealthMonitor("api-monitor", { pool, type: "TCP", delay: 5, timeout: 3, maxRetries: 3 });

export const rule = listener.ruleKey;
