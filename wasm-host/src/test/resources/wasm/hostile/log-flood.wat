;; Logs 500 lines of 8 KiB through signpost.log and 500 through stdout per call, then answers {}.
;; Expected: the call succeeds; the router's log receives a rate-limited share.
(module
  (import "signpost" "log" (func $log (param i32 i32 i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 16) "{}")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 65536))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (local $i i32)
    (memory.fill (i32.const 1024) (i32.const 65) (i32.const 8191))
    (i32.store8 (i32.const 9215) (i32.const 10))
    (i32.store (i32.const 64) (i32.const 1024))
    (i32.store (i32.const 68) (i32.const 8192))
    (loop $again
      (call $log (i32.const 2) (i32.const 1024) (i32.const 8191))
      (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 80)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 500))))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2))))
