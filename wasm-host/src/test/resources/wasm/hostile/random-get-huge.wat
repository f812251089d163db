;; Asks for 60 MiB of random bytes, again and again.
;; Expected: stopped at the call's time limit, inside the host call.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (memory (export "memory") 1024)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (loop $again
      (drop (call $random_get (i32.const 0) (i32.const 62914560)))
      (br $again))
    (i64.const 0)))
