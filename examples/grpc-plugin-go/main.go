// Command grpc-plugin-go is a Signpost (and Hyrouter) gRPC plugin written in Go, the way Hyrouter's
// own example plugin is: a hand-written service descriptor for hyrouter.Plugin/OnConnect and a
// gRPC codec named "json".
//
// grpc-go chooses the codec from the request's content-subtype: Signpost and Hyrouter send
// "application/grpc+json", so the codec registered under the name "json" decodes the request. (A
// client that sends plain "application/grpc" would get the protobuf codec and fail: use Signpost's
// or Hyrouter's client, or force the json codec on your own client.)
//
// Behaviour mirrors Hyrouter's example: username "deny" is denied, an SNI containing "grpc"
// re-picks play.hyvane.com:5520, and the referral content is set to "grpc-plugin".
//
//	go mod tidy && go run . -listen 127.0.0.1:7777
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"google.golang.org/grpc"
	"google.golang.org/grpc/encoding"
)

// Backend is a game server a client may be referred to.
type Backend struct {
	Host   string            `json:"host"`
	Port   int               `json:"port"`
	Weight int               `json:"weight,omitempty"`
	Meta   map[string]string `json:"meta,omitempty"`
}

// ConnectEvent is what the router knows about the client.
type ConnectEvent struct {
	SNI                   string `json:"sni"`
	ClientCertFingerprint string `json:"client_cert_fingerprint,omitempty"`
	ProtocolHash          string `json:"protocol_hash,omitempty"`
	ClientType            *int   `json:"client_type,omitempty"`
	UUID                  string `json:"uuid,omitempty"`
	Username              string `json:"username,omitempty"`
	Language              string `json:"language,omitempty"`
	IdentityTokenPresent  *bool  `json:"identity_token_present,omitempty"`
}

// ConnectRequest is the plugin's input. Byte fields are base64 strings in JSON ([]byte does that).
type ConnectRequest struct {
	Event           ConnectEvent `json:"event"`
	Strategy        string       `json:"strategy"`
	Candidates      []Backend    `json:"candidates"`
	SelectedIndex   int          `json:"selected_index"`
	Backend         Backend      `json:"backend"`
	ReferralContent []byte       `json:"referral_content,omitempty"`
}

// ConnectResponse is the plugin's answer; every field is optional.
type ConnectResponse struct {
	Deny            bool      `json:"deny,omitempty"`
	DenyReason      string    `json:"deny_reason,omitempty"`
	Candidates      []Backend `json:"candidates,omitempty"`
	SelectedIndex   *int      `json:"selected_index,omitempty"`
	Backend         *Backend  `json:"backend,omitempty"`
	ReferralContent []byte    `json:"referral_content,omitempty"`
}

// jsonCodec is registered under the name "json": grpc-go uses it for application/grpc+json.
type jsonCodec struct{}

func (jsonCodec) Name() string                       { return "json" }
func (jsonCodec) Marshal(v any) ([]byte, error)      { return json.Marshal(v) }
func (jsonCodec) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

// PluginServer is what a plugin implements.
type PluginServer interface {
	OnConnect(context.Context, *ConnectRequest) (*ConnectResponse, error)
}

func registerPlugin(s *grpc.Server, impl PluginServer) {
	s.RegisterService(&grpc.ServiceDesc{
		ServiceName: "hyrouter.Plugin",
		HandlerType: (*PluginServer)(nil),
		Methods: []grpc.MethodDesc{{
			MethodName: "OnConnect",
			Handler: func(_ any, ctx context.Context, dec func(any) error, _ grpc.UnaryServerInterceptor) (any, error) {
				var req ConnectRequest
				if err := dec(&req); err != nil {
					return nil, err
				}
				return impl.OnConnect(ctx, &req)
			},
		}},
	}, impl)
}

type examplePlugin struct{}

func (examplePlugin) OnConnect(_ context.Context, req *ConnectRequest) (*ConnectResponse, error) {
	if strings.EqualFold(req.Event.Username, "deny") {
		return &ConnectResponse{Deny: true, DenyReason: "denied by grpc plugin"}, nil
	}
	resp := &ConnectResponse{ReferralContent: []byte("grpc-plugin")}
	if strings.Contains(strings.ToLower(req.Event.SNI), "grpc") {
		resp.Backend = &Backend{Host: "play.hyvane.com", Port: 5520}
	}
	return resp, nil
}

func main() {
	listen := flag.String("listen", "127.0.0.1:7777", "listen address")
	flag.Parse()

	encoding.RegisterCodec(jsonCodec{})
	l, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	s := grpc.NewServer()
	registerPlugin(s, examplePlugin{})

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-stop
		s.GracefulStop()
	}()
	log.Printf("listening on %s", l.Addr())
	if err := s.Serve(l); err != nil {
		log.Fatal(err)
	}
}
