package pdk

import (
	"strings"
	"testing"
)

type testConfig struct {
	Banned []string `json:"banned"`
}

func register(t *testing.T) *testConfig {
	t.Helper()
	cfg := &testConfig{}
	OnLoad(func(config []byte) error { return ParseConfig(config, cfg) })
	OnConnect(func(req *ConnectRequest) ConnectResponse {
		for _, b := range cfg.Banned {
			if b == req.Event.Username {
				_ = CounterAdd("denied", 1)
				return Deny(b + " is banned")
			}
		}
		content := append([]byte(nil), req.Referral()...)
		return Unchanged().Select(len(req.Candidates) - 1).WithReferral(append(content, ";seen"...))
	})
	Reset()
	loaded = false
	return cfg
}

const request = `{"event":{"sni":"play.example.com","username":"eve","future_field":1},` +
	`"candidates":[{"host":"a","port":1},{"host":"b","port":2}],"selected_index":0,` +
	`"backend":{"host":"a","port":1},"referral_content":"dGlja2V0","referral_data":"dGlja2V0"}`

func TestDeniesAndCounts(t *testing.T) {
	register(t)
	if err := Load(`{"banned":["eve"]}`); err != nil {
		t.Fatal(err)
	}
	json, a := Call(request)
	if json != `{"deny":true,"deny_reason":"eve is banned"}` || !a.Deny {
		t.Fatalf("got %s", json)
	}
	if Counters()["denied"] != 1 {
		t.Fatalf("counters %v", Counters())
	}
}

func TestSelectsAndRewritesTheReferral(t *testing.T) {
	register(t)
	if err := Load("null"); err != nil {
		t.Fatal(err)
	}
	json, a := Call(request)
	if a.SelectedIndex == nil || *a.SelectedIndex != 1 || string(a.ReferralContent) != "ticket;seen" {
		t.Fatalf("got %s", json)
	}
}

func TestAnEmptyReferralIsWrittenAndTheZeroAnswerIsEmpty(t *testing.T) {
	if j, _ := Unchanged().WithReferral(nil).MarshalJSON(); string(j) != `{"referral_content":""}` {
		t.Fatalf("got %s", j)
	}
	if j, _ := Unchanged().MarshalJSON(); string(j) != `{}` {
		t.Fatalf("got %s", j)
	}
}

func TestABadRequestIsAnsweredUnchangedAndLogged(t *testing.T) {
	register(t)
	json, _ := Call(`not json`)
	if json != `{}` {
		t.Fatalf("got %s", json)
	}
	if l := Logs(); len(l) != 1 || l[0].Level != LevelWarn || !strings.HasPrefix(l[0].Message, "request did not decode") {
		t.Fatalf("logs %v", l)
	}
}

func TestWithoutSignpostLoadTheFirstCallLoadsNull(t *testing.T) {
	cfg := register(t)
	cfg.Banned = []string{"stale"}
	OnLoad(func(config []byte) error {
		cfg.Banned = nil
		return ParseConfig(config, cfg)
	})
	if _, a := Call(`{"event":{"username":"stale"}}`); a.Deny {
		t.Fatal("the load hook did not run")
	}
}

func TestABadConfigIsRefused(t *testing.T) {
	register(t)
	if Load(`{"banned":"eve"}`) == nil {
		t.Fatal("accepted")
	}
	if load([]byte(`{"banned":"eve"}`)) != 1 || Logs()[0].Level != LevelError {
		t.Fatalf("logs %v", Logs())
	}
}

func TestCountersAnswerAsTheRouterDoes(t *testing.T) {
	Reset()
	if CounterAdd("Bad", 1) != ErrInvalidName || CounterAdd("ok", -1) != ErrNegativeDelta {
		t.Fatal("expected refusals")
	}
	for i := 0; i < 64; i++ {
		if err := CounterAdd("c"+string(rune('a'+i%26))+strings.Repeat("x", i/26), 1); err != nil {
			t.Fatal(err)
		}
	}
	if CounterAdd("one.more", 1) != ErrTooManyCounters {
		t.Fatal("expected the limit")
	}
}
