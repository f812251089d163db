//go:build !wasm

package pdk

import (
	"regexp"
	"sync"
)

// Outside Wasm the host functions record what they are given, for tests, and answer as the router
// does.

var (
	recordMu sync.Mutex
	logs     []LogLine
	counters = map[string]int64{}
	names    = regexp.MustCompile(`^[a-z][a-z0-9_.]{0,63}$`)
)

// LogLine is one recorded call of Log.
type LogLine struct {
	Level   int32
	Message string
}

func hostLog(level int32, message string) {
	recordMu.Lock()
	defer recordMu.Unlock()
	logs = append(logs, LogLine{level, message})
}

func hostCounterAdd(name string, delta int64) int32 {
	recordMu.Lock()
	defer recordMu.Unlock()
	if delta < 0 {
		return int32(ErrNegativeDelta)
	}
	if _, ok := counters[name]; !ok {
		if !names.MatchString(name) {
			return int32(ErrInvalidName)
		}
		if len(counters) >= 64 {
			return int32(ErrTooManyCounters)
		}
	}
	counters[name] += delta
	return 0
}
