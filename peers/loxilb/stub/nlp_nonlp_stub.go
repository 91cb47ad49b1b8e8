//go:build loxilbpeerstub

// Copyright 2026 the pulumi-loxilb authors. SPDX-License-Identifier: Apache-2.0
//
// Added (not replaced) by the build overlay to loxilb's package
// api/loxinlp as zz_loxilb_peer_nonlp.go.
//
// With --nonlp, loxilb never runs NlpInit, so the package's netlink handle
// nNl stays nil. loxinet's 10 s interface ticker (pkg/loxinet/layer3.go
// IfasTicker) still calls NlpIsBlackListedIntf for every non-"lo" interface
// address it knows, and a load-balancer rule whose VIP is not a local address
// creates one ("llb-rule-<VIP>"). Result at loxilb v0.9.8: a nil-pointer panic
// and process exit about 10 s after the first such rule is created. This gives
// nNl the filter state NlpInit would set from the default --blacklist and
// --whitelist ("none"); NlpInit, when it runs, replaces it.

package loxinlp

import "regexp"

func init() {
	if nNl == nil {
		nNl = &NlH{
			BlackList: "none",
			BLRgx:     regexp.MustCompile("none"),
			WhiteList: "none",
			WLRgx:     regexp.MustCompile("none"),
		}
	}
}
