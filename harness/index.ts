/** Engine-faithful test harness for Pulumi dynamic providers. See README.md. */
export { EngineHarness, EngineOperationError, type EngineHarnessOptions } from "./engine";
export { captureProgram, captureProgramRun, type CaptureOptions, type CaptureResult } from "./capture";
export { CheckFailedError, computeUrn } from "./deployment";
export type { MockResourceHandler } from "./provider-plugin";
export type {
  CapturedRegistration,
  CheckFailure,
  InvokeRequest,
  OperationResult,
  PlanStep,
  ReadRegistration,
  Registration,
  StateEntry,
  StepOp,
  TranscriptEntry,
} from "./types";
export * from "./wire";
export {
  CliStack,
  hasPulumiCli,
  pulumiCliVersion,
  type CliStackOptions,
  type PreviewJson,
  type PreviewJsonStep,
} from "./cli";
export {
  cliProviderCalls,
  GrpcLogLine,
  harnessProviderCalls,
  readGrpcLog,
  type ProviderCall,
} from "./grpc-log";
export { messageJson } from "./message-json";
