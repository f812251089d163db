;; Sleeps for an hour with poll_oneoff (one relative clock subscription).
;; Expected: stopped at the call's time limit.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    ;; subscription at 128: userdata 0, tag 0 (clock), clock id 1 (monotonic), timeout 3600 s
    (i64.store (i32.const 128) (i64.const 0))
    (i32.store8 (i32.const 136) (i32.const 0))
    (i32.store (i32.const 144) (i32.const 1))
    (i64.store (i32.const 152) (i64.const 3600000000000))
    (i64.store (i32.const 160) (i64.const 0))
    (i32.store16 (i32.const 168) (i32.const 0))
    (drop (call $poll (i32.const 128) (i32.const 512) (i32.const 1) (i32.const 600)))
    (i64.const 0)))
