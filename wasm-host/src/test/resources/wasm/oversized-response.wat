;; Claims a 2 MiB response inside 3 MiB of memory (over the 1 MiB default bound).
(module
  (memory (export "memory") 48)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.const 1024) (i64.const 32)) (i64.const 2097152))))
