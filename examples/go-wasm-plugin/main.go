// Example Signpost plugin in Go, for GOOS=wasip1 (Go >= 1.24) or TinyGo.
//
// It denies usernames listed in its config (handed over by signpost_load), picks a backend by an
// FNV-1a hash of the client's uuid, and sets the referral content. Buffers handed to the host are
// kept in a map until the host returns them with dealloc, so an instance's memory stays flat.
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"unsafe"
)

//go:wasmimport signpost log
func hostLog(level int32, ptr unsafe.Pointer, length int32)

//go:wasmimport signpost counter_add
func hostCounterAdd(namePtr unsafe.Pointer, nameLen int32, delta int64) int32

type config struct {
	DenyUsernames  []string `json:"deny_usernames"`
	DenyReason     string   `json:"deny_reason"`
	ReferralPrefix string   `json:"referral_prefix"`
}

type backend struct {
	Host string `json:"host"`
	Port int    `json:"port"`
}

type request struct {
	Event struct {
		UUID     string `json:"uuid"`
		Username string `json:"username"`
	} `json:"event"`
	Candidates []backend `json:"candidates"`
}

type response struct {
	Deny            bool   `json:"deny,omitempty"`
	DenyReason      string `json:"deny_reason,omitempty"`
	SelectedIndex   *int   `json:"selected_index,omitempty"`
	ReferralContent string `json:"referral_content,omitempty"`
}

var (
	cfg     config
	buffers = map[uint32][]byte{} // live buffers handed to the host, by address
)

func logInfo(msg string) {
	b := []byte(msg)
	if len(b) > 0 {
		hostLog(2, unsafe.Pointer(&b[0]), int32(len(b)))
	}
}

func count(name string) {
	b := []byte(name)
	hostCounterAdd(unsafe.Pointer(&b[0]), int32(len(b)), 1)
}

//go:wasmexport alloc
func alloc(size uint32) uint32 {
	if size == 0 {
		size = 1
	}
	b := make([]byte, size)
	ptr := uint32(uintptr(unsafe.Pointer(&b[0])))
	buffers[ptr] = b
	return ptr
}

//go:wasmexport dealloc
func dealloc(ptr uint32, size uint32) {
	delete(buffers, ptr)
}

func bytesAt(ptr, length uint32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(uintptr(ptr))), length)
}

//go:wasmexport signpost_load
func signpostLoad(ptr, length uint32) int32 {
	if err := json.Unmarshal(bytesAt(ptr, length), &cfg); err != nil {
		return 1
	}
	logInfo(fmt.Sprintf("loaded; %d denied username(s)", len(cfg.DenyUsernames)))
	return 0
}

//go:wasmexport signpost_unload
func signpostUnload() {
	logInfo("unloading")
}

//go:wasmexport on_connect
func onConnect(ptr, length uint32) uint64 {
	var req request
	var resp response
	if err := json.Unmarshal(bytesAt(ptr, length), &req); err == nil {
		resp = decide(req)
	}
	out, _ := json.Marshal(resp)
	p := alloc(uint32(len(out)))
	copy(bytesAt(p, uint32(len(out))), out)
	return uint64(p)<<32 | uint64(len(out))
}

func decide(req request) response {
	for _, name := range cfg.DenyUsernames {
		if name == req.Event.Username {
			count("denied")
			reason := cfg.DenyReason
			if reason == "" {
				reason = "user " + name + " is not allowed"
			}
			return response{Deny: true, DenyReason: reason}
		}
	}
	if req.Event.UUID == "" || len(req.Candidates) == 0 {
		return response{}
	}
	h := fnv.New64a()
	h.Write([]byte(req.Event.UUID))
	index := int(h.Sum64() % uint64(len(req.Candidates)))
	target := req.Candidates[index]
	prefix := cfg.ReferralPrefix
	if prefix == "" {
		prefix = "signpost-go"
	}
	content := fmt.Sprintf("%s;uuid=%s;backend=%s:%d", prefix, req.Event.UUID, target.Host, target.Port)
	count("routed")
	return response{SelectedIndex: &index, ReferralContent: base64.StdEncoding.EncodeToString([]byte(content))}
}

func main() {}
