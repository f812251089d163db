;; Writes "hello from wasm\n" to stdout and "oops\n" to stderr with WASI fd_write, answers {}.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{}")
  (data (i32.const 32) "hello from wasm\n")
  (data (i32.const 64) "oops\n")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 128) (local.get $ptr))
    (i32.store (i32.const 132) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 128) (i32.const 1) (i32.const 136))))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (call $write (i32.const 1) (i32.const 32) (i32.const 16))
    (call $write (i32.const 2) (i32.const 64) (i32.const 5))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2))))
