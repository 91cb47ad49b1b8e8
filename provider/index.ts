/**
 * pulumi-loxilb: Octavia-shaped Pulumi dynamic resources for LoxiLB, the typed LoxiLB API client,
 * and the wire model they share.
 */
export * from "./api/model";
