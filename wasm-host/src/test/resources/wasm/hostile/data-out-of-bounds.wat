;; An active data segment beyond its one-page memory. Expected: refused at instantiation.
(module
  (memory (export "memory") 1)
  (data (i32.const 100000) "x")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64) (i64.const 0)))
