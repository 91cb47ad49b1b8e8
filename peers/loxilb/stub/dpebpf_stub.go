//go:build loxilbpeerstub

// Copyright 2026 the pulumi-loxilb authors. SPDX-License-Identifier: Apache-2.0
//
// No-op datapath for loxilb-peer.
//
// This file is NOT part of the wrapper module's package set. The build script
// (peers/loxilb/build-fn.sh) passes it to `go build -overlay` as the content of
// loxilb's pkg/loxinet/dpebpf_linux.go (the only cgo file of package loxinet,
// which needs the loxilb-ebpf headers and libbpf) and builds with
// `-tags loxilbpeerstub`. Every datapath hook reports success and programs
// nothing: rules live only in loxinet's rule manager (pkg/loxinet/rules.go).
//
// Symbols provided (all that package loxinet at loxilb v0.9.8 needs from
// the replaced file): type DpEbpfH, DpEbpfInit, DpEbpfSetLogLevel and the
// methods of DpHookInterface (pkg/loxinet/dpbroker.go).

package loxinet

import (
	"sync"

	tk "github.com/loxilb-io/loxilib"
)

// DpEbpfH - stand-in for the eBPF datapath context. It only counts calls so
// that a debugger or a log line can show the datapath was exercised.
type DpEbpfH struct {
	mtx   sync.Mutex
	calls map[string]uint64
}

func (e *DpEbpfH) note(what string) int {
	e.mtx.Lock()
	e.calls[what]++
	e.mtx.Unlock()
	tk.LogIt(tk.LogDebug, "loxilb-peer: datapath stub %s\n", what)
	return 0
}

// DpEbpfInit - the real one loads eBPF programs, pins maps and starts the
// conntrack/GC tickers. The stub loads nothing.
func DpEbpfInit(clusterEn, rssEn, egrHooks, localSockPolicy, sockMapEn bool,
	nodeNum int, disBPF bool, logLevel tk.LogLevelT) *DpEbpfH {
	tk.LogIt(tk.LogNotice, "loxilb-peer: eBPF datapath replaced by a no-op stub\n")
	return &DpEbpfH{calls: make(map[string]uint64)}
}

// DpEbpfSetLogLevel - the real one sets the eBPF programs' log level.
func DpEbpfSetLogLevel(logLevel tk.LogLevelT) {}

// DpEbpfUnInit - nothing to unload.
func (e *DpEbpfH) DpEbpfUnInit() { e.note("uninit") }

func (e *DpEbpfH) DpMirrAdd(w *MirrDpWorkQ) int           { return e.note("mirr-add") }
func (e *DpEbpfH) DpMirrDel(w *MirrDpWorkQ) int           { return e.note("mirr-del") }
func (e *DpEbpfH) DpPolAdd(w *PolDpWorkQ) int             { return e.note("pol-add") }
func (e *DpEbpfH) DpPolDel(w *PolDpWorkQ) int             { return e.note("pol-del") }
func (e *DpEbpfH) DpPortPropAdd(w *PortDpWorkQ) int       { return e.note("port-add") }
func (e *DpEbpfH) DpPortPropDel(w *PortDpWorkQ) int       { return e.note("port-del") }
func (e *DpEbpfH) DpL2AddrAdd(w *L2AddrDpWorkQ) int       { return e.note("l2addr-add") }
func (e *DpEbpfH) DpL2AddrDel(w *L2AddrDpWorkQ) int       { return e.note("l2addr-del") }
func (e *DpEbpfH) DpRouterMacAdd(w *RouterMacDpWorkQ) int { return e.note("rmac-add") }
func (e *DpEbpfH) DpRouterMacDel(w *RouterMacDpWorkQ) int { return e.note("rmac-del") }
func (e *DpEbpfH) DpNextHopAdd(w *NextHopDpWorkQ) int     { return e.note("nh-add") }
func (e *DpEbpfH) DpNextHopDel(w *NextHopDpWorkQ) int     { return e.note("nh-del") }
func (e *DpEbpfH) DpRouteAdd(w *RouteDpWorkQ) int         { return e.note("route-add") }
func (e *DpEbpfH) DpRouteDel(w *RouteDpWorkQ) int         { return e.note("route-del") }
func (e *DpEbpfH) DpLBRuleAdd(w *LBDpWorkQ) int           { return e.note("lb-add") }
func (e *DpEbpfH) DpLBRuleDel(w *LBDpWorkQ) int           { return e.note("lb-del") }
func (e *DpEbpfH) DpFwRuleAdd(w *FwDpWorkQ) int           { return e.note("fw-add") }
func (e *DpEbpfH) DpFwRuleDel(w *FwDpWorkQ) int           { return e.note("fw-del") }
func (e *DpEbpfH) DpUlClAdd(w *UlClDpWorkQ) int           { return e.note("ulcl-add") }
func (e *DpEbpfH) DpUlClDel(w *UlClDpWorkQ) int           { return e.note("ulcl-del") }
func (e *DpEbpfH) DpCtAdd(w *DpCtInfo) int                { return e.note("ct-add") }
func (e *DpEbpfH) DpCtDel(w *DpCtInfo) int                { return e.note("ct-del") }
func (e *DpEbpfH) DpSockVIPAdd(w *SockVIPDpWorkQ) int     { return e.note("sockvip-add") }
func (e *DpEbpfH) DpSockVIPDel(w *SockVIPDpWorkQ) int     { return e.note("sockvip-del") }

// DpStat - no traffic ever flows, so every counter is zero.
func (e *DpEbpfH) DpStat(w *StatDpWorkQ) int {
	for _, p := range []*uint64{w.Packets, w.Bytes, w.DropPackets} {
		if p != nil {
			*p = 0
		}
	}
	return 0
}

// DpTableGet - the only table the real datapath serves is conntrack; the
// stub has no connections.
func (e *DpEbpfH) DpTableGet(w *TableDpWorkQ) (DpRetT, error) {
	return map[string]*DpCtInfo{}, nil
}

func (e *DpEbpfH) DpTableGC()    {}
func (e *DpEbpfH) DpCtGetAsync() {}
func (e *DpEbpfH) DpGetLock()    {}
func (e *DpEbpfH) DpRelLock()    {}
