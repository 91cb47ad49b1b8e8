// Package loxilbpeer is the wrapper module for loxilb-peer: loxilb's own REST
// server and rule manager (github.com/loxilb-io/loxilb, main package) built
// with its eBPF datapath replaced by the no-op stub in stub/. It has no code
// of its own; see README.md and build-fn.sh.
package loxilbpeer
