module signpost.dev/pdk

go 1.24
