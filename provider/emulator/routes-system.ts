/** `/version`, `/auth/login`, `/status/*` and `/config/cistate` (docs/loxilb-facts.md §2, §14, §15). */
import * as os from "os";
import { CIState } from "../api/model";
import type { Authenticator } from "./auth";
import type { EmulatorState } from "./emulator-state";
import { parseError, requiredError } from "./framework-errors";
import { decodeGo, parseJsonText, scalarText, type GoType } from "./go-json";
import { frameworkReply, handlerErrorReply, jsonReply, SUCCESS, type Reply } from "./reply";
import type { ApiRequest, Router } from "./router";

const str: GoType = { kind: "string" };

/** Decodes a small string-field body the Go way; returns the object or a framework error reply. */
function decodeBody(
  req: ApiRequest,
  name: string,
  fields: Record<string, GoType>,
): Record<string, unknown> | Reply {
  if (req.body.trim() === "") return frameworkReply(requiredError("attr"));
  const parsed = parseJsonText(req.body);
  if (!parsed.ok) return frameworkReply(parseError(parsed.error));
  const go = decodeGo(parsed.value, { kind: "struct", name, fields });
  if (go.error !== undefined) return frameworkReply(parseError(go.error));
  return (go.value ?? {}) as Record<string, unknown>;
}

function isReply(v: unknown): v is Reply {
  return typeof v === "object" && v !== null && "contentType" in v;
}

function status(startedAt: number): Record<string, Reply> {
  const mb = (n: number) => `${Math.round(n / 1024)}`;
  const mem = process.memoryUsage();
  return {
    process: jsonReply(200, {
      processAttr: [
        {
          pid: String(process.pid),
          user: "root",
          priority: "20",
          nice: "0",
          virtMemory: mb(mem.heapTotal),
          residentSize: mb(mem.rss),
          sharedMemory: "0",
          status: "S",
          CPUUsage: "0.0",
          MemoryUsage: "0.1",
          time: "0:00.00",
          command: "loxilb",
        },
      ],
    }),
    device: jsonReply(200, {
      hostName: os.hostname(),
      machineID: "0000000000000000000000000000emul",
      bootID: "00000000-0000-0000-0000-000000000000",
      OS: "Linux (loxilb emulator)",
      kernel: os.release(),
      architecture: os.arch(),
      uptime: `${Math.floor((Date.now() - startedAt) / 1000)} s`,
    }),
    filesystem: jsonReply(200, {
      filesystemAttr: [
        {
          fileSystem: "overlay",
          type: "overlay",
          size: "10G",
          used: "1G",
          avail: "9G",
          usePercent: "10%",
          mountedOn: "/",
        },
      ],
    }),
  };
}

function postCiState(state: EmulatorState, legacy: boolean, req: ApiRequest): Reply {
  const body = decodeBody(req, "models.CIStatusEntry", { instance: str, state: str, vip: str });
  if (isReply(body)) return body;
  const instance = scalarText(body["instance"]);
  const inst = state.instances.get(instance) ?? { state: "NOT_DEFINED", vip: "0.0.0.0" };
  state.instances.set(instance, inst);
  const next = scalarText(body["state"]);
  if (!CIState.is(next) || next === "NOT_DEFINED") return handlerErrorReply("invalid cluster-state", legacy);
  inst.state = next;
  if (typeof body["vip"] === "string" && body["vip"] !== "") inst.vip = body["vip"];
  state.onChange();
  return SUCCESS;
}

/** Registers the system routes. */
export function addSystemRoutes(
  router: Router,
  state: EmulatorState,
  auth: Authenticator,
  o: { readonly version: string; readonly legacyErrors: boolean },
): void {
  const startedAt = Date.now();
  router
    .add("GET", "/version", () =>
      jsonReply(200, { version: o.version, buildInfo: "loxilb-emulator (pulumi-loxilb)" }),
    )
    .add("GET", "/status/process", () => status(startedAt)["process"] as Reply)
    .add("GET", "/status/device", () => status(startedAt)["device"] as Reply)
    .add("GET", "/status/filesystem", () => status(startedAt)["filesystem"] as Reply)
    .add("GET", "/config/cistate/all", () =>
      jsonReply(200, {
        Attr: [...state.instances].map(([instance, i]) => ({
          instance,
          state: i.state,
          sync: null,
          vip: i.vip,
        })),
      }),
    )
    .add("POST", "/config/cistate", (req) => postCiState(state, o.legacyErrors, req));
  if (!auth.loginEnabled) return;
  router.add("POST", "/auth/login", (req) => {
    const body = decodeBody(req, "models.LoginRequest", { username: str, password: str });
    if (isReply(body)) return body;
    const token = auth.login(scalarText(body["username"]), scalarText(body["password"]));
    if (token === undefined) return handlerErrorReply("invalid credentials", false);
    return jsonReply(200, { token });
  });
}
