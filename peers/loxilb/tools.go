//go:build tools

// This file pins loxilb's main package (github.com/loxilb-io/loxilb) as a
// build dependency of this wrapper module, so that go.mod/go.sum list every
// module loxilb-peer is compiled from. Nothing here is compiled: build-fn.sh
// builds loxilb's own main with the datapath stub in stub/.
package loxilbpeer

import _ "github.com/loxilb-io/loxilb"
