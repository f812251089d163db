// Package pdk is the Go plugin development kit for Signpost Wasm plugins.
//
// Register a handler in init and build with GOOS=wasip1 GOARCH=wasm -buildmode=c-shared (Go 1.24
// or later); the package exports alloc, dealloc, on_connect, signpost_load and signpost_unload:
//
//	func init() {
//		pdk.OnLoad(func(config []byte) error { return pdk.ParseConfig(config, &cfg) })
//		pdk.OnConnect(func(req *pdk.ConnectRequest) pdk.ConnectResponse {
//			if req.Event.Username == "mallory" {
//				return pdk.Deny("not today")
//			}
//			return pdk.Unchanged()
//		})
//	}
//
//	func main() {}
//
// Outside Wasm (go test) the host functions record what they are given; see Call, Load, Logs and
// Counters in testing.go.
package pdk

import (
	"bytes"
	"encoding/json"
)

// ConnectRequest is the request a plugin receives. Unknown fields are ignored.
type ConnectRequest struct {
	Event         Event     `json:"event"`
	Strategy      string    `json:"strategy"`
	Candidates    []Backend `json:"candidates"`
	SelectedIndex int       `json:"selected_index"`
	Backend       Backend   `json:"backend"`
	// The current referral content under both of its names (decoded from base64); use Referral.
	ReferralContent []byte `json:"referral_content"`
	ReferralData    []byte `json:"referral_data"`
}

// Referral is the current referral content: referral_content, else referral_data.
func (r *ConnectRequest) Referral() []byte {
	if r.ReferralContent != nil {
		return r.ReferralContent
	}
	return r.ReferralData
}

// Event is what is known about the client; every field but SNI may be empty.
type Event struct {
	SNI                   string `json:"sni"`
	ClientCertFingerprint string `json:"client_cert_fingerprint"`
	ProtocolHash          string `json:"protocol_hash"`
	ClientType            int    `json:"client_type"`
	UUID                  string `json:"uuid"`
	Username              string `json:"username"`
	Language              string `json:"language"`
	IdentityTokenPresent  bool   `json:"identity_token_present"`
	ALPN                  string `json:"alpn"`
}

// Backend is a candidate, the selected backend, or one a response names.
type Backend struct {
	Host   string            `json:"host"`
	Port   int               `json:"port"`
	Weight int               `json:"weight,omitempty"`
	Meta   map[string]string `json:"meta,omitempty"`
}

// ConnectResponse is a plugin's answer. The zero value ({}) changes nothing.
type ConnectResponse struct {
	Deny       bool
	DenyReason string
	// Candidates replaces the candidate list when non-empty.
	Candidates []Backend
	// SelectedIndex picks a candidate when non-nil; see Select.
	SelectedIndex *int
	// Backend becomes the target when non-nil.
	Backend *Backend
	// ReferralContent replaces the referral content when non-nil, even when empty ([]byte{}).
	ReferralContent []byte
}

// Unchanged is the answer that changes nothing.
func Unchanged() ConnectResponse { return ConnectResponse{} }

// Deny refuses the connection with a reason for the client.
func Deny(reason string) ConnectResponse { return ConnectResponse{Deny: true, DenyReason: reason} }

// Select picks candidate index.
func (r ConnectResponse) Select(index int) ConnectResponse {
	r.SelectedIndex = &index
	return r
}

// WithReferral replaces the referral content (the bytes; base64 is done for you).
func (r ConnectResponse) WithReferral(content []byte) ConnectResponse {
	if content == nil {
		content = []byte{}
	}
	r.ReferralContent = content
	return r
}

// MarshalJSON writes only the fields that are set.
func (r ConnectResponse) MarshalJSON() ([]byte, error) {
	type wire struct {
		Deny            bool      `json:"deny,omitempty"`
		DenyReason      string    `json:"deny_reason,omitempty"`
		Candidates      []Backend `json:"candidates,omitempty"`
		SelectedIndex   *int      `json:"selected_index,omitempty"`
		Backend         *Backend  `json:"backend,omitempty"`
		ReferralContent *[]byte   `json:"referral_content,omitempty"`
	}
	w := wire{r.Deny, r.DenyReason, r.Candidates, r.SelectedIndex, r.Backend, nil}
	if r.ReferralContent != nil {
		w.ReferralContent = &r.ReferralContent
	}
	return json.Marshal(w)
}

// ParseConfig reads the plugin's config into v; JSON null (no config) leaves v unchanged.
func ParseConfig(config []byte, v any) error {
	config = bytes.TrimSpace(config)
	if len(config) == 0 || string(config) == "null" {
		return nil
	}
	return json.Unmarshal(config, v)
}

var (
	onConnect func(*ConnectRequest) ConnectResponse
	onLoad    func(config []byte) error
	onUnload  func()
)

// OnConnect registers the handler called for every request. Call it from init.
func OnConnect(h func(*ConnectRequest) ConnectResponse) { onConnect = h }

// OnLoad registers the hook signpost_load calls with the plugin's config as JSON ("null" when
// there is none). A non-nil error refuses the instance; it is logged at ERROR first.
func OnLoad(h func(config []byte) error) { onLoad = h }

// OnUnload registers the hook signpost_unload calls when a healthy instance is retired.
func OnUnload(h func()) { onUnload = h }

// loaded is set once the load hook ran; a host that never calls signpost_load (Hyrouter) gets
// it run with "null" before the first request.
var loaded bool

func runLoad(config []byte) error {
	loaded = true
	if onLoad == nil {
		return nil
	}
	return onLoad(config)
}

// load runs the load hook as signpost_load does and returns its status.
func load(config []byte) int32 {
	if err := runLoad(config); err != nil {
		Error("signpost_load: " + err.Error())
		return 1
	}
	return 0
}

// respond decodes a request, runs the handler and encodes its answer into out. A request that
// does not decode, or a missing handler, is answered {} and logged at WARN.
func respond(input []byte, out *bytes.Buffer) {
	out.Reset()
	if !loaded {
		load([]byte("null"))
	}
	var resp ConnectResponse
	var req ConnectRequest
	if err := json.Unmarshal(input, &req); err != nil {
		Warn("request did not decode: " + err.Error())
	} else if onConnect == nil {
		Warn("no handler: call pdk.OnConnect in init")
	} else {
		resp = onConnect(&req)
	}
	encoded, err := resp.MarshalJSON()
	if err != nil {
		Error("response did not encode: " + err.Error())
		encoded = []byte("{}")
	}
	out.Write(encoded)
}

// Log levels of signpost.log.
const (
	LevelTrace int32 = 0
	LevelDebug int32 = 1
	LevelInfo  int32 = 2
	LevelWarn  int32 = 3
	LevelError int32 = 4
)

// Log logs message under the router's logger signpost.plugin.<name> (cut at 8 KiB, rate-limited).
func Log(level int32, message string) { hostLog(level, message) }

func Trace(message string) { hostLog(LevelTrace, message) }
func Debug(message string) { hostLog(LevelDebug, message) }
func Info(message string)  { hostLog(LevelInfo, message) }
func Warn(message string)  { hostLog(LevelWarn, message) }
func Error(message string) { hostLog(LevelError, message) }

// CounterError is why CounterAdd left a counter unchanged.
type CounterError int32

const (
	ErrInvalidName     CounterError = 1 // the name does not match [a-z][a-z0-9_.]{0,63}
	ErrTooManyCounters CounterError = 2 // the plugin already has 64 counters
	ErrNegativeDelta   CounterError = 3 // counters only go up
)

func (e CounterError) Error() string {
	switch e {
	case ErrInvalidName:
		return "invalid counter name (expected: [a-z][a-z0-9_.]{0,63})"
	case ErrTooManyCounters:
		return "too many counters (the limit is 64 per plugin)"
	case ErrNegativeDelta:
		return "negative delta (counters only go up)"
	}
	return "counter_add failed"
}

// CounterAdd adds delta to the plugin's counter name, exported by the router as
// signpost_plugin_custom_total{plugin="...",counter="<name>"}.
func CounterAdd(name string, delta int64) error {
	if status := hostCounterAdd(name, delta); status != 0 {
		return CounterError(status)
	}
	return nil
}
