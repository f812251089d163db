;; Recurses without end. Expected: "call stack exhausted", the worker thread survives.
(module
  (memory (export "memory") 1)
  (func $down (param $n i64) (result i64) (call $down (i64.add (local.get $n) (i64.const 1))))
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (call $down (i64.const 0))))
