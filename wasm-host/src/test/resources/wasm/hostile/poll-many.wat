;; Calls poll_oneoff with 1,000,000 subscriptions; traps unless the host answered EINVAL (28).
;; Expected: the call succeeds.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1024)
  (data (i32.const 16) "{}")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (if (i32.ne (call $poll (i32.const 4096) (i32.const 4096) (i32.const 1000000) (i32.const 80))
                (i32.const 28))
      (then unreachable))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2))))
