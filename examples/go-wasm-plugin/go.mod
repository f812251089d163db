module example.com/signpost-go-plugin

go 1.24
