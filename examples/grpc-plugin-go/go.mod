module github.com/signpost/examples/grpc-plugin-go

go 1.22

require google.golang.org/grpc v1.67.1
