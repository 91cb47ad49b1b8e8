import { providerVersion } from "./version";

/** The resource kinds, and the version stamped into every resource's inputs. */

export type ResourceKind = "loadbalancer" | "listener" | "pool" | "member" | "members" | "healthmonitor";

/**
 * The provider's behaviour version (`<package version>+<digest of the compiled behaviour modules>`).
 * It is an input of every resource and part of the serialized provider: a behaviour change updates
 * state, and refresh/destroy then run the new code.
 */
export const PROVIDER_VERSION = providerVersion();

/** Pulumi module name in type tokens: `pulumi-nodejs:dynamic/loxilb:<Type>`. */
export const TYPE_MODULE = "loxilb";
