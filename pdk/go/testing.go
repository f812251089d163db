//go:build !wasm

package pdk

import (
	"bytes"
	"encoding/json"
)

// Load runs the registered OnLoad hook with config (JSON; "null" for none) as signpost_load does,
// and returns its error.
func Load(config string) error {
	return runLoad([]byte(config))
}

// Call runs the registered OnConnect handler on a JSON request the way on_connect does, and
// returns the JSON the router would receive and that JSON decoded.
func Call(request string) (string, Answer) {
	var out bytes.Buffer
	respond([]byte(request), &out)
	var a Answer
	_ = json.Unmarshal(out.Bytes(), &a)
	return out.String(), a
}

// Answer is a response as the router reads it.
type Answer struct {
	Deny            bool      `json:"deny"`
	DenyReason      string    `json:"deny_reason"`
	Candidates      []Backend `json:"candidates"`
	SelectedIndex   *int      `json:"selected_index"`
	Backend         *Backend  `json:"backend"`
	ReferralContent []byte    `json:"referral_content"`
}

// Logs returns what was logged since the last Reset.
func Logs() []LogLine {
	recordMu.Lock()
	defer recordMu.Unlock()
	return append([]LogLine(nil), logs...)
}

// Counters returns the counters since the last Reset.
func Counters() map[string]int64 {
	recordMu.Lock()
	defer recordMu.Unlock()
	c := make(map[string]int64, len(counters))
	for k, v := range counters {
		c[k] = v
	}
	return c
}

// Reset forgets the recorded logs and counters.
func Reset() {
	recordMu.Lock()
	defer recordMu.Unlock()
	logs = nil
	counters = map[string]int64{}
}
