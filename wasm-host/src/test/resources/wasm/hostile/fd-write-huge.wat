;; Writes 60 MiB to stdout in one fd_write; traps unless the host wrote at most 64 KiB of it.
;; Expected: a short write, the call succeeds.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1024)
  (data (i32.const 16) "{}")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    ;; iovec at 64: base 4096, length 60 MiB; nwritten at 80
    (i32.store (i32.const 64) (i32.const 4096))
    (i32.store (i32.const 68) (i32.const 62914560))
    (if (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 80)) (then unreachable))
    (if (i32.gt_u (i32.load (i32.const 80)) (i32.const 65536)) (then unreachable))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2))))
