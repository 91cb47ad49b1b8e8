/**
 * The Octavia-shaped args and resolved specs of the five resources (codec and type share a name).
 * Args are what users write (Octavia's enums, rejected values included, so `check` can say why);
 * specs are what survives `check`, with defaults applied: they hold only what LoxiLB can do.
 */
export * from "./load-balancer-spec";
export * from "./listener-spec";
export * from "./pool-spec";
export * from "./member-spec";
export * from "./health-monitor-spec";
