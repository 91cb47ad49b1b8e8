/**
 * The optional `connection` input of a load balancer (inherited by its children): the same options
 * as stack config `loxilb:*` (declared once, in `api/options-codec.ts`), for one load balancer. The
 * whole value is stored as a secret.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as t from "io-ts";
import type { optionProps } from "../api/options-codec";
import type { ArgsOf } from "../contracts/contract";

type Options = typeof optionProps;

/** A load balancer's `connection`: every `loxilb:*` option, `apiEndpoints` required. */
export type LoxiLBConnectionArgs = ArgsOf<
  t.IntersectionC<[t.TypeC<Pick<Options, "apiEndpoints">>, t.PartialC<Omit<Options, "apiEndpoints">>]>
>;

/** The `connection` input as stored: secret as a whole, or undefined. */
export function secretConnection(
  connection: pulumi.Input<LoxiLBConnectionArgs> | undefined,
): pulumi.Output<LoxiLBConnectionArgs> | undefined {
  return connection === undefined ? undefined : pulumi.secret(connection);
}
