/** The LoxiLB wire model: every codec the client and the emulator share. */
export * from "./codec-helpers";
export * from "./enums";
export * from "./loadbalancer-model";
export * from "./responses-model";
export * from "./status-model";
export * from "./endpoint-host-model";
export * from "./metrics-model";
export * from "./rule-identity";
