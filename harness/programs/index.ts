/**
 * Ready-made programs for the harness (and for `CliStack`): compiled paths to pass as a program
 * path, and the types of the args they take.
 */
import * as path from "path";

export type { ListenerSpec, MemberSpec, StackSpec } from "./stack-program";

/** The compiled `stack-program.ts`: a whole LoxiLB stack from a {@link StackSpec} passed as args. */
export const STACK_PROGRAM = path.join(__dirname, "stack-program.js");
